/**
 * Smooth weighted round-robin (nginx's upstream balancer): picks items in proportion to their weights,
 * spread out rather than in runs (weights 3:1 give a a b a, a a b a, ...), and the same sequence every
 * time. A scenario's mix is then exact and repeatable at any count, where a random draw would drift.
 */
export class WeightedRoundRobin<T> {
  private readonly current: number[];
  private readonly total: number;

  constructor(private readonly items: readonly { item: T; weight: number }[]) {
    this.total = items.reduce((a, b) => a + b.weight, 0);
    if (!(this.total > 0)) throw new RangeError('weights must add up to more than 0');
    this.current = items.map(() => 0);
  }

  next(): T {
    let best = 0;
    for (let i = 0; i < this.items.length; i++) {
      this.current[i] = (this.current[i] as number) + (this.items[i] as { weight: number }).weight;
      if ((this.current[i] as number) > (this.current[best] as number)) best = i;
    }
    this.current[best] = (this.current[best] as number) - this.total;
    return (this.items[best] as { item: T }).item;
  }
}
