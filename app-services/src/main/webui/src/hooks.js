import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads with `load(signal)` on mount and when `key` changes; while `poll(data)` says so, loads again
 * every `intervalMs` (live order status), while the page is visible. A failed load keeps the last
 * data and shows the error; it is tried again (at half the pace) only when the failure may pass: no
 * answer, or a 5xx or 429, not a refusal such as 404 or 403.
 */
export function useResource(load, key, { intervalMs = 0, poll = () => false } = {}) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const pollRef = useRef(poll);
  pollRef.current = poll;
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    let timer;
    const later = (ms) => {
      timer = setTimeout(() => {
        if (!document.hidden) run();
        else document.addEventListener('visibilitychange', run, { once: true, signal: controller.signal });
      }, ms);
    };
    const run = async () => {
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ data, error: null, loading: false });
        if (intervalMs > 0 && pollRef.current(data)) later(intervalMs);
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, error, loading: false }));
        const passing = !error.status || error.status >= 500 || error.status === 429;
        if (intervalMs > 0 && passing) later(intervalMs * 2);
      }
    };
    setState((s) => ({ ...s, loading: true }));
    run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, generation, intervalMs]);

  return { ...state, reload };
}
