// The number of my open tasks, for the navigation's Inbox link. Re-read after any decision,
// bulk approval or delegation made in this tab (TASKS_CHANGED_EVENT) and when the tab regains
// focus. null while unknown or when the user holds no task role (the API refuses the list).
import { useEffect, useState } from 'react';
import { client, unwrap } from '../../api/client';
import { TASKS_CHANGED_EVENT } from './request';
import type { TaskView } from './types';

export async function fetchOpenTaskCount(): Promise<number | null> {
  try {
    return (await unwrap<TaskView[]>(client.GET('/api/tasks'))).length;
  } catch {
    return null;
  }
}

/** `enabled` false (signed out) skips the request. */
export function useOpenTaskCount(enabled = true): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const refresh = () => void fetchOpenTaskCount().then((n) => live && setCount(n));
    refresh();
    window.addEventListener(TASKS_CHANGED_EVENT, refresh);
    window.addEventListener('focus', refresh);
    return () => {
      live = false;
      window.removeEventListener(TASKS_CHANGED_EVENT, refresh);
      window.removeEventListener('focus', refresh);
    };
  }, [enabled]);
  return enabled ? count : null;
}
