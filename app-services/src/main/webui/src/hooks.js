import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads with `load(signal)` on mount and when `key` changes; while `poll(data)` says so, loads again
 * every `intervalMs` (live order status). A failed load keeps the last data and shows the error.
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
    const run = async () => {
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ data, error: null, loading: false });
        if (intervalMs > 0 && pollRef.current(data)) timer = setTimeout(run, intervalMs);
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, error, loading: false }));
        if (intervalMs > 0) timer = setTimeout(run, intervalMs * 2);
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
