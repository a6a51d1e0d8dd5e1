// Tells other parts of the app (the navigation's open-task count) that the signed-in user's open
// tasks changed: after a decision, a bulk approval or a delegation.
export const TASKS_CHANGED_EVENT = 'greenlight:tasks-changed';

export function announceTasksChanged(): void {
  window.dispatchEvent(new Event(TASKS_CHANGED_EVENT));
}
