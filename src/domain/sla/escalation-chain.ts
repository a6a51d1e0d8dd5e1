// Who a late task escalates to: level 1 is the assignee's manager, level 2 the next manager up,
// and so on. The contract's submitter is never one of them (nobody decides on a contract they
// submitted): the chain skips them and goes on to their manager. When the managers run out
// (the assignee is at or near the top), the chain is simply shorter; the workflow still records
// the escalation at that level, with nobody to notify.

/** Manager of a user, or null at the top of the organisation (or for an unknown user). */
export type ManagerOf = (userId: string) => string | null;

export function escalationChain(input: { assigneeId: string; submitterId: string; levels: number; managerOf: ManagerOf }): string[] {
  const chain: string[] = [];
  // The assignee and everyone passed, so a cycle in the data cannot loop.
  const seen = new Set<string>([input.assigneeId]);
  let cursor = input.managerOf(input.assigneeId);
  while (cursor && chain.length < input.levels && !seen.has(cursor)) {
    seen.add(cursor);
    if (cursor !== input.submitterId) chain.push(cursor);
    cursor = input.managerOf(cursor);
  }
  return chain;
}
