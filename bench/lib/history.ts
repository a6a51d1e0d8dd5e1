// What one workflow cost Temporal, read from its history: events in all, workflow tasks (each a
// round trip worker ↔ server), activity tasks (each another round trip through matching), local
// activities (markers: they run inside a workflow task, no round trip of their own) and timers.
import type { Client } from '@temporalio/client';

export interface HistoryCost {
  events: number;
  workflowTasks: number;
  activityTasks: number;
  localActivities: number;
  timers: number;
}

export async function historyCost(client: Client, workflowId: string): Promise<HistoryCost> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  type Event = (typeof events)[number];
  const count = (has: (e: Event) => unknown) => events.filter((e) => has(e)).length;
  return {
    events: events.length,
    workflowTasks: count((e) => e.workflowTaskCompletedEventAttributes),
    activityTasks: count((e) => e.activityTaskScheduledEventAttributes),
    localActivities: count((e) => e.markerRecordedEventAttributes),
    timers: count((e) => e.timerStartedEventAttributes),
  };
}

export const describeCost = (c: HistoryCost) =>
  `${c.events} history events, ${c.workflowTasks} workflow tasks, ${c.activityTasks} activity tasks, ${c.localActivities} markers (local activities, patches), ${c.timers} timers`;
