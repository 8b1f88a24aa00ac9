import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, currentSession, endSession, newIdempotencyKey, saveSession } from './api.js';
import * as carts from './cart.js';
import { useResource } from './hooks.js';
import { money } from './money.js';
import { match, navigate, safeNext, useLocation } from './router.js';

const CART_KEY = 'keelson.shop.cart';
const CHECKOUT_KEY = 'keelson.shop.checkout';
const LIVE_MS = 2_000;

/** What a customer reads for each order status. */
const STATUS_TEXT = {
  pending: 'Waiting for payment',
  paid: 'Paid – confirmed',
  payment_failed: 'Payment failed',
  processing: 'Being packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export default function App() {
  const path = useLocation();
  const route = match(path);
  const [session, setSession] = useState(currentSession);
  const [cart, setCart] = useState(() => carts.restore(localStorage.getItem(CART_KEY)));
  useEffect(() => localStorage.setItem(CART_KEY, JSON.stringify(cart)), [cart]);

  const signIn = (email, token, expiresIn) => setSession(saveSession(email, token, expiresIn));
  const signOut = () => {
    endSession();
    setSession(null);
    navigate('/');
  };
  const needsSession = ['orders', 'order', 'messages'].includes(route.name);
  useEffect(() => {
    if (needsSession && !session) navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
  }, [needsSession, session, path]);
  // A request refused for an expired token ends the session (api.js); the header follows.
  const onUnauthorized = (error) => {
    if (error instanceof ApiError && error.status === 401) setSession(null);
  };

  let page;
  switch (route.name) {
    case 'products': page = <ProductList params={route.params} />; break;
    case 'product': page = <ProductDetail id={route.id} cart={cart} setCart={setCart} />; break;
    case 'cart': page = <Cart cart={cart} setCart={setCart} session={session} onUnauthorized={onUnauthorized} />; break;
    case 'login': page = <Login next={safeNext(route.params.next)} signIn={signIn} />; break;
    case 'register': page = <Register next={safeNext(route.params.next)} signIn={signIn} />; break;
    case 'orders': page = session && <OrderList onUnauthorized={onUnauthorized} />; break;
    case 'order': page = session && <OrderDetail id={route.id} onUnauthorized={onUnauthorized} />; break;
    case 'messages': page = session && <Messages onUnauthorized={onUnauthorized} />; break;
    default: page = <NotFound />;
  }
  return (
    <>
      <header className="bar">
        <Link to="/" className="brand">Keelson Shop</Link>
        <nav>
          <Link to="/">Products</Link>
          <Link to="/cart" id="nav-cart">Cart ({carts.count(cart)})</Link>
          {session && <Link to="/orders">Orders</Link>}
          {session && <Link to="/messages">Messages</Link>}
          {session
            ? <span className="who"><span id="signed-in-as">{session.email}</span> <button type="button" className="link" onClick={signOut}>Sign out</button></span>
            : <Link to="/login" id="nav-login">Sign in</Link>}
        </nav>
      </header>
      <main>{page}</main>
    </>
  );
}

function Link({ to, children, ...rest }) {
  const onClick = (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} {...rest}>{children}</a>;
}

function Failure({ error }) {
  if (!error) return null;
  return <p className="error" role="alert">{error.message}</p>;
}

function ProductList({ params }) {
  const page = Math.max(0, Number.parseInt(params.page ?? '0', 10) || 0);
  const category = /^[a-z0-9-]{1,64}$/.test(params.category ?? '') ? params.category : null;
  const query = new URLSearchParams({ page: String(page), size: '12', ...(category ? { category } : {}) }).toString();
  const { data, error, loading } = useResource((signal) => api(`/products?${query}`, { signal }), query);
  const categories = useMemo(() => [...new Set((data?.items ?? []).map((p) => p.category))].sort(), [data]);
  const last = data ? (page + 1) * data.size >= data.total : true;
  const at = (p) => `/?${new URLSearchParams({ ...(category ? { category } : {}), ...(p ? { page: String(p) } : {}) })}`;
  return (
    <section>
      <h1>{category ? `Products in ${category}` : 'Products'}</h1>
      {category && <p><Link to="/">All products</Link></p>}
      {!category && categories.length > 1 && (
        <p className="categories">{categories.map((c) => <Link key={c} to={`/?category=${c}`}>{c}</Link>)}</p>
      )}
      <Failure error={error} />
      {loading && !data && <p>Loading…</p>}
      {data && data.items.length === 0 && <p>Nothing here yet.</p>}
      <ul className="grid" id="products">
        {data?.items.map((p) => (
          <li key={p.id} className="card product">
            <Link to={`/products/${p.id}`} className="name">{p.name}</Link>
            <span className="category">{p.category}</span>
            <span className="price">{money(p.priceCents)}</span>
            <Stock stock={p.stock} />
          </li>
        ))}
      </ul>
      {data && (page > 0 || !last) && (
        <p className="pages">
          {page > 0 && <Link to={at(page - 1)}>← Previous</Link>}
          <span>Page {page + 1} of {Math.max(1, Math.ceil(data.total / data.size))}</span>
          {!last && <Link to={at(page + 1)}>Next →</Link>}
        </p>
      )}
    </section>
  );
}

function Stock({ stock }) {
  if (stock <= 0) return <span className="stock out">Sold out</span>;
  if (stock < 5) return <span className="stock low">Only {stock} left</span>;
  return <span className="stock">In stock</span>;
}

function ProductDetail({ id, cart, setCart }) {
  const { data: product, error } = useResource((signal) => api(`/products/${id}`, { signal }), id);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(null);
  const inCart = cart.find((line) => line.productId === id)?.quantity ?? 0;
  if (error) return <section><Failure error={error} /><p><Link to="/">Back to the products</Link></p></section>;
  if (!product) return <p>Loading…</p>;
  const available = Math.max(0, Math.min(carts.MAX_QUANTITY, product.stock) - inCart);
  const addToCart = (event) => {
    event.preventDefault();
    try {
      setCart(carts.add(cart, product, quantity));
      setAdded(`${quantity} × ${product.name} added to your cart.`);
      setQuantity(1);
    } catch (e) {
      setAdded(e.message);
    }
  };
  return (
    <section className="detail">
      <p><Link to="/">← All products</Link></p>
      <h1 id="product-name">{product.name}</h1>
      <p className="category">{product.category}</p>
      {product.description && <p className="description">{product.description}</p>}
      <p className="price" id="product-price">{money(product.priceCents)}</p>
      <Stock stock={product.stock} />
      {available > 0 ? (
        <form onSubmit={addToCart} className="add">
          <label>Quantity <input id="quantity" type="number" min="1" max={available} value={quantity}
            onChange={(e) => setQuantity(Math.min(available, Math.max(1, Number.parseInt(e.target.value, 10) || 1)))} /></label>
          <button type="submit" id="add-to-cart">Add to cart</button>
        </form>
      ) : product.stock > 0 && <p>All there is of it is in your cart.</p>}
      {added && <p className="notice" role="status" id="added">{added} <Link to="/cart">Go to the cart</Link></p>}
    </section>
  );
}

function Cart({ cart, setCart, session, onUnauthorized }) {
  const [error, setError] = useState(null);
  const [placing, setPlacing] = useState(false);
  // One key per cart content, kept with the cart: a checkout retried after a lost answer (also after a
  // reload or from another tab) is the same order, never a second.
  const checkoutKey = () => {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(CHECKOUT_KEY) ?? 'null');
    } catch {
      saved = null;
    }
    const current = carts.checkoutKey(cart, saved, newIdempotencyKey);
    if (current !== saved) localStorage.setItem(CHECKOUT_KEY, JSON.stringify(current));
    return current.key;
  };
  const checkout = async () => {
    if (!session) {
      navigate('/login?next=/cart');
      return;
    }
    setPlacing(true);
    setError(null);
    try {
      const order = await api('/orders', { method: 'POST', body: carts.orderRequest(cart), headers: { 'Idempotency-Key': checkoutKey() } });
      localStorage.removeItem(CHECKOUT_KEY);
      setCart([]);
      navigate(`/orders/${order.id}`);
    } catch (e) {
      onUnauthorized(e);
      setError(e);
    } finally {
      setPlacing(false);
    }
  };
  if (cart.length === 0) return <section><h1>Your cart</h1><p id="cart-empty">Your cart is empty. <Link to="/">Browse the products</Link></p></section>;
  return (
    <section>
      <h1>Your cart</h1>
      <table className="lines" id="cart">
        <thead><tr><th>Product</th><th>Price</th><th>Quantity</th><th>Subtotal</th><th /></tr></thead>
        <tbody>
          {cart.map((line) => (
            <tr key={line.productId}>
              <td><Link to={`/products/${line.productId}`}>{line.name}</Link></td>
              <td>{money(line.priceCents)}</td>
              <td><input type="number" min="0" max={carts.MAX_QUANTITY} value={line.quantity} aria-label={`Quantity of ${line.name}`}
                onChange={(e) => setCart(carts.setQuantity(cart, line.productId, Number.parseInt(e.target.value, 10) || 0))} /></td>
              <td>{money(line.priceCents * line.quantity)}</td>
              <td><button type="button" className="link" onClick={() => setCart(carts.remove(cart, line.productId))}>Remove</button></td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th colSpan="3">Total</th><th id="cart-total">{money(carts.total(cart))}</th><th /></tr></tfoot>
      </table>
      {error?.fieldErrors?.length > 0
        ? <ul className="error" role="alert">{error.fieldErrors.map((f, i) => <li key={i}>{f.message}</li>)}</ul>
        : <Failure error={error} />}
      <button type="button" id="checkout" onClick={checkout} disabled={placing}>
        {session ? (placing ? 'Placing your order…' : 'Place order') : 'Sign in to check out'}
      </button>
    </section>
  );
}

/**
 * A form that ends signed in and on `next`: `before(form, email, password)` runs first (the
 * registration), then the login; a refusal of either is the form's error.
 */
function useSignInForm(next, signIn, before = async () => {}) {
  const [error, setError] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email')).trim().toLowerCase();
    const password = String(form.get('password'));
    try {
      await before(form, email, password);
      const token = await api('/users/login', { method: 'POST', body: { email, password } });
      signIn(email, token.accessToken, token.expiresIn);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
    }
  };
  return [error, submit];
}

function Login({ next, signIn }) {
  const [error, submit] = useSignInForm(next, signIn);
  return (
    <section className="form">
      <h1>Sign in</h1>
      <form onSubmit={submit} id="login">
        <label>E-mail <input name="email" type="email" autoComplete="username" required /></label>
        <label>Password <input name="password" type="password" autoComplete="current-password" required /></label>
        <Failure error={error} />
        <button type="submit">Sign in</button>
      </form>
      <p>New here? <Link to={`/register?next=${encodeURIComponent(next)}`} id="to-register">Create an account</Link></p>
    </section>
  );
}

function Register({ next, signIn }) {
  const [error, submit] = useSignInForm(next, signIn, (form, email, password) =>
    api('/users', { method: 'POST', body: { email, password, name: String(form.get('name')).trim() } }));
  const fieldError = (field) => error?.fieldErrors?.find((f) => f.field === field)?.message;
  return (
    <section className="form">
      <h1>Create an account</h1>
      <form onSubmit={submit} id="register">
        <label>Name <input name="name" autoComplete="name" required maxLength="100" /></label>
        {fieldError('name') && <span className="error">{fieldError('name')}</span>}
        <label>E-mail <input name="email" type="email" autoComplete="email" required maxLength="254" /></label>
        {fieldError('email') && <span className="error">{fieldError('email')}</span>}
        <label>Password (12 to 72 characters) <input name="password" type="password" autoComplete="new-password" required minLength="12" maxLength="72" /></label>
        {fieldError('password') && <span className="error">{fieldError('password')}</span>}
        {!error?.fieldErrors?.length && <Failure error={error} />}
        <button type="submit">Create account</button>
      </form>
      <p>Have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Sign in</Link></p>
    </section>
  );
}

function OrderList({ onUnauthorized }) {
  const { data: orders, error } = useResource((signal) => api('/orders?size=20', { signal }), 'orders',
    { intervalMs: LIVE_MS, poll: (list) => list.some((o) => o.status === 'pending') });
  useEffect(() => onUnauthorized(error), [error]);
  return (
    <section>
      <h1>Your orders</h1>
      <Failure error={error} />
      {orders && orders.length === 0 && <p>No orders yet. <Link to="/">Browse the products</Link></p>}
      {orders && orders.length > 0 && (
        <table className="lines" id="orders">
          <thead><tr><th>Order</th><th>Placed</th><th>Items</th><th>Total</th><th>Status</th></tr></thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} data-order={o.id}>
                <td><Link to={`/orders/${o.id}`}>{o.id}</Link></td>
                <td>{new Date(o.createdAt).toLocaleString()}</td>
                <td>{o.items.reduce((n, i) => n + i.quantity, 0)}</td>
                <td>{money(o.totalCents)}</td>
                <td><StatusBadge status={o.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function StatusBadge({ status }) {
  return <span className={`status ${status}`} data-status={status}>{STATUS_TEXT[status] ?? status}</span>;
}

function OrderDetail({ id, onUnauthorized }) {
  const { data: order, error, reload } = useResource((signal) => api(`/orders/${id}`, { signal }), id,
    { intervalMs: LIVE_MS, poll: (o) => o.status === 'pending' });
  const [cancelError, setCancelError] = useState(null);
  useEffect(() => onUnauthorized(error), [error]);
  const cancel = async () => {
    setCancelError(null);
    try {
      await api(`/orders/${id}/status`, { method: 'PATCH', body: { status: 'cancelled' } });
    } catch (e) {
      setCancelError(e);
    }
    reload();
  };
  if (!order) return <section><Failure error={error} />{!error && <p>Loading…</p>}</section>;
  return (
    <section className="detail">
      <p><Link to="/orders">← Your orders</Link></p>
      <h1>Order <span id="order-id">{order.id}</span></h1>
      <p id="order-status"><StatusBadge status={order.status} />
        {order.status === 'pending' && <span className="hint"> (this page follows the payment live)</span>}</p>
      {order.reason && <p className="error" id="order-reason">{order.reason}</p>}
      <table className="lines">
        <thead><tr><th>Product</th><th>Price</th><th>Quantity</th><th>Subtotal</th></tr></thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.productId}>
              <td>{item.name}</td><td>{money(item.unitPriceCents)}</td><td>{item.quantity}</td><td>{money(item.unitPriceCents * item.quantity)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th colSpan="3">Total</th><th id="order-total">{money(order.totalCents)}</th></tr></tfoot>
      </table>
      <p>Placed {new Date(order.createdAt).toLocaleString()}, last changed {new Date(order.updatedAt).toLocaleString()}.</p>
      {order.status === 'pending' && <button type="button" id="cancel-order" onClick={cancel}>Cancel this order</button>}
      <Failure error={cancelError} />
    </section>
  );
}

function Messages({ onUnauthorized }) {
  const { data: messages, error } = useResource((signal) => api('/notifications/mine', { signal }), 'messages',
    { intervalMs: LIVE_MS * 2, poll: () => true });
  useEffect(() => onUnauthorized(error), [error]);
  return (
    <section>
      <h1>Messages</h1>
      <p className="hint">What the shop sent you by e-mail.</p>
      <Failure error={error} />
      {messages && messages.length === 0 && <p id="no-messages">No messages yet.</p>}
      <ul className="messages" id="messages">
        {messages?.map((m) => (
          <li key={m.id} className="card">
            <strong className="subject">{m.subject}</strong>
            <span className="when">{new Date(m.createdAt).toLocaleString()}</span>
            <pre className="body">{m.body}</pre>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NotFound() {
  return <section><h1>Not found</h1><p>There is no such page. <Link to="/">Browse the products</Link></p></section>;
}
