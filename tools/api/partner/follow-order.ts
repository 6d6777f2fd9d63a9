// A partner following one of its orders with nothing but the generated types: the
// tracking body, its search of orders page by page, and problems as errors. Compiled
// (never run) by the build with `tsc --strict`; see contract.ts.
import type { components, paths } from '../../../target/generated-sources/typescript/openapi';

type Tracking = paths['/v1/orders/{orderId}/tracking']['get']['responses']['200']['content']['application/json'];
type SearchPage = paths['/v1/orders']['get']['responses']['200']['content']['application/json'];
type Problem = components['schemas']['ProblemDetail'];

export class TrackingClient {
  constructor(private readonly base: string, private readonly token: string) {}

  async get<T>(path: string): Promise<T> {
    const answer = await fetch(this.base + path, { headers: { Authorization: `Bearer ${this.token}` } });
    if (!answer.ok) {
      const problem = (await answer.json()) as Problem;
      throw new Error(`${problem.status} ${problem.title}${problem.detail ? ': ' + problem.detail : ''}`);
    }
    return (await answer.json()) as T;
  }

  /** One line a dashboard shows for an order. */
  async describe(orderId: string): Promise<string> {
    const t = await this.get<Tracking>(`/v1/orders/${encodeURIComponent(orderId)}/tracking`);
    const where = t.courier === null
      ? 'no courier to show'
      : `courier at ${t.courier.position.lat.toFixed(5)},${t.courier.position.lon.toFixed(5)}`
        + (t.courier.position.stale ? ` (${t.courier.position.ageSeconds} s old)` : '');
    const eta = t.etaSeconds === null || t.estimatedArrivalRange === null
      ? 'no ETA'
      : `ETA ${Math.ceil(t.etaSeconds / 60)} min (${t.estimatedArrivalRange.earliest} to ${t.estimatedArrivalRange.latest})`;
    const arrival = t.arrived ? ', arrived' : t.arriving ? ', arriving' : '';
    return `${t.orderId} ${t.status} since ${t.statusAt}: ${where}, ${eta}${arrival}`;
  }

  /** Every order of the partner delivered in a time range, following nextCursor until it is null. */
  async delivered(partnerId: string, from: string, to: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ partnerId, status: 'DELIVERED', from, to, limit: '100' });
      if (cursor !== null) {
        query.set('cursor', cursor);
      }
      const page: SearchPage = await this.get<SearchPage>(`/v1/orders?${query.toString()}`);
      for (const order of page.items) {
        ids.push(`${order.orderId} (${order.createdAt} to ${order.updatedAt})`);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    return ids;
  }
}
