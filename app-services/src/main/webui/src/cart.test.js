import { describe, expect, it } from 'vitest';
import { add, checkoutKey, count, MAX_QUANTITY, orderRequest, remove, restore, setQuantity, total } from './cart.js';

const cup = { id: 'p1', name: 'Cup', priceCents: 450 };
const pot = { id: 'p2', name: 'Pot', priceCents: 2_999 };

describe('cart', () => {
  it('adds to an existing line instead of a second one', () => {
    const cart = add(add(add([], cup), pot, 2), cup, 3);
    expect(cart).toEqual([
      { productId: 'p1', name: 'Cup', priceCents: 450, quantity: 4 },
      { productId: 'p2', name: 'Pot', priceCents: 2_999, quantity: 2 },
    ]);
    expect(count(cart)).toBe(6);
    expect(total(cart)).toBe(4 * 450 + 2 * 2_999);
  });

  it('keeps quantities within what the order service accepts', () => {
    expect(add([], cup, 500)[0].quantity).toBe(MAX_QUANTITY);
    expect(setQuantity(add([], cup), 'p1', 0)).toEqual([]);
    expect(remove(add(add([], cup), pot), 'p1').map((l) => l.productId)).toEqual(['p2']);
  });

  it('sends only product ids and quantities: the service prices the order', () => {
    expect(orderRequest(add(add([], cup, 2), pot))).toEqual({ items: [{ productId: 'p1', quantity: 2 }, { productId: 'p2', quantity: 1 }] });
  });

  it('keeps the checkout key while the lines stay the same, and only then', () => {
    let n = 0;
    const next = () => `key-${++n}`;
    const cart = add([], cup, 2);
    const first = checkoutKey(cart, null, next);
    expect(first.key).toBe('key-1');
    expect(checkoutKey(add([], cup, 2), first, next)).toBe(first);
    expect(checkoutKey(add(cart, pot), first, next).key).toBe('key-2');
    expect(checkoutKey(cart, { lines: first.lines }, next).key).toBe('key-3');
  });

  it('drops whatever in storage is not a cart line', () => {
    expect(restore('not json')).toEqual([]);
    expect(restore('{"a":1}')).toEqual([]);
    expect(restore(JSON.stringify([{ productId: 'p1', name: 'Cup', priceCents: 450, quantity: 2 }, { productId: 5 },
      { productId: 'p2', name: 'Pot', priceCents: 1.5, quantity: 1 }, { productId: 'p3', name: 'X', priceCents: 1, quantity: -1 }])))
      .toEqual([{ productId: 'p1', name: 'Cup', priceCents: 450, quantity: 2 }]);
  });
});
