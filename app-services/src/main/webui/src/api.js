// The shop's APIs, on the storefront's own origin (the Ingress routes /api/<service> to each
// service). Errors are RFC 9457 problem details; an ApiError carries their detail and field errors.

const SESSION_KEY = 'keelson.shop.session';

export class ApiError extends Error {
  constructor(status, detail, fieldErrors = []) {
    super(detail);
    this.status = status;
    this.fieldErrors = fieldErrors;
  }
}

/** The signed-in user's token, kept for the tab's lifetime only and dropped when it expires. */
export function currentSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    if (session && typeof session.token === 'string' && session.expiresAt > Date.now()) return session;
  } catch {
    // a damaged entry is the same as none
  }
  sessionStorage.removeItem(SESSION_KEY);
  return null;
}

export function saveSession(email, token, expiresInSeconds) {
  const session = { email, token, expiresAt: Date.now() + expiresInSeconds * 1000 };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function endSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/** A key for the Idempotency-Key header; getRandomValues also works where randomUUID does not (plain http). */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const session = currentSession();
  const request = { method, signal, headers: { Accept: 'application/json', ...headers } };
  if (session) request.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api${path}`, request);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'the shop cannot be reached; check your connection and try again');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (response.status === 401) endSession();
    const detail = data?.detail ?? `the shop answered ${response.status} ${response.statusText}`;
    throw new ApiError(response.status, detail, data?.errors ?? []);
  }
  return data;
}
