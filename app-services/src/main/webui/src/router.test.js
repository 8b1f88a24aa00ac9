import { describe, expect, it } from 'vitest';
import { match, safeNext } from './router.js';

describe('routes', () => {
  it('names each page and its id', () => {
    expect(match('/')).toEqual({ name: 'products', id: undefined, params: {} });
    expect(match('/?category=kitchen&page=2').params).toEqual({ category: 'kitchen', page: '2' });
    expect(match('/products/6650aa0b1c2d3e4f5a6b7c8d')).toMatchObject({ name: 'product', id: '6650aa0b1c2d3e4f5a6b7c8d' });
    expect(match('/orders/abc')).toMatchObject({ name: 'order', id: 'abc' });
    expect(match('/products/../users').name).toBe('missing');
    expect(match('/nowhere').name).toBe('missing');
  });

  it('follows ?next= only to a path of this site', () => {
    expect(safeNext('/cart')).toBe('/cart');
    expect(safeNext('//evil.example/cart')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('/\t/evil.example')).toBe('/');
    expect(safeNext('/\n/evil.example')).toBe('/');
    expect(safeNext('/%5C/evil.example')).toBe('/%5C/evil.example');
    expect(safeNext('/orders?page=2#top')).toBe('/orders?page=2#top');
    expect(safeNext(undefined)).toBe('/');
  });
});
