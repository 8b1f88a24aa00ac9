// The cart: lines of {productId, name, priceCents, quantity}, kept in the browser until the order
// is placed. Pure functions; the App keeps the array in state and in localStorage.

export const MAX_QUANTITY = 100; // what the order service accepts per line
export const MAX_LINES = 50; // and lines per order

export function add(cart, product, quantity = 1) {
  const existing = cart.find((line) => line.productId === product.id);
  if (existing) return setQuantity(cart, product.id, existing.quantity + quantity);
  if (cart.length >= MAX_LINES) throw new Error(`an order holds at most ${MAX_LINES} different products`);
  return [...cart, { productId: product.id, name: product.name, priceCents: product.priceCents, quantity: clamp(quantity) }];
}

export function setQuantity(cart, productId, quantity) {
  if (quantity <= 0) return remove(cart, productId);
  return cart.map((line) => (line.productId === productId ? { ...line, quantity: clamp(quantity) } : line));
}

export function remove(cart, productId) {
  return cart.filter((line) => line.productId !== productId);
}

export function count(cart) {
  return cart.reduce((sum, line) => sum + line.quantity, 0);
}

/** The total as shown; the order service prices the order again from the catalogue. */
export function total(cart) {
  return cart.reduce((sum, line) => sum + line.priceCents * line.quantity, 0);
}

/** The body of POST /api/orders. */
export function orderRequest(cart) {
  return { items: cart.map((line) => ({ productId: line.productId, quantity: line.quantity })) };
}

/**
 * The Idempotency-Key of a checkout: the same as long as the cart holds the same lines, so that a
 * checkout repeated after a lost answer (a reload, another tab, coming back later) is the same
 * order, never a second one; a new one once the lines change. `saved` is what storage held.
 */
export function checkoutKey(cart, saved, newKey) {
  const lines = JSON.stringify(orderRequest(cart));
  if (saved && saved.lines === lines && typeof saved.key === 'string') return saved;
  return { lines, key: newKey() };
}

/** A cart read back from storage: anything malformed is dropped rather than sent. */
export function restore(json) {
  try {
    const lines = JSON.parse(json ?? '[]');
    if (!Array.isArray(lines)) return [];
    return lines
      .filter((l) => l && typeof l.productId === 'string' && typeof l.name === 'string' && Number.isInteger(l.priceCents)
        && Number.isInteger(l.quantity) && l.quantity > 0)
      .slice(0, MAX_LINES)
      .map((l) => ({ productId: l.productId, name: l.name, priceCents: l.priceCents, quantity: clamp(l.quantity) }));
  } catch {
    return [];
  }
}

function clamp(quantity) {
  return Math.min(MAX_QUANTITY, Math.max(1, Math.floor(quantity)));
}
