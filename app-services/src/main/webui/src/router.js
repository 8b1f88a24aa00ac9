// Paths of the History API; the storefront service answers index.html for any path that is not a
// file, so a reload or a shared link opens the same page.
import { useEffect, useState } from 'react';

const listeners = new Set();

export function navigate(path, { replace = false } = {}) {
  if (path === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', path);
  listeners.forEach((listener) => listener());
  window.scrollTo(0, 0);
}

export function useLocation() {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setPath(location.pathname + location.search);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** The route a path shows: its name and parameters. */
export function match(path) {
  const [pathname, query = ''] = path.split('?');
  const params = Object.fromEntries(new URLSearchParams(query));
  const routes = [
    ['products', /^\/$/],
    ['product', /^\/products\/([0-9a-fA-F-]{1,64})$/],
    ['cart', /^\/cart$/],
    ['login', /^\/login$/],
    ['register', /^\/register$/],
    ['orders', /^\/orders$/],
    ['order', /^\/orders\/([0-9a-fA-F-]{1,64})$/],
    ['messages', /^\/messages$/],
  ];
  for (const [name, pattern] of routes) {
    const found = pattern.exec(pathname);
    if (found) return { name, id: found[1], params };
  }
  return { name: 'missing', params };
}

/**
 * Only a path of this site, so that a crafted ?next= cannot send the user elsewhere: parsed as the
 * browser would (which drops tabs and newlines, and reads a backslash as a slash), and kept only if
 * it stays on this origin.
 */
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  const base = 'https://storefront.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}
