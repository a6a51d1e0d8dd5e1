// The benchmark baseline's activity: does nothing, so its cost is pure orchestration.
export interface BaselineActivities {
  noop(input: { step: number }): Promise<number>;
}

export const baselineActivities: BaselineActivities = {
  async noop() {
    return 1;
  },
};
