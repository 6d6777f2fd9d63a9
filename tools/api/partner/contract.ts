// What DESIGN.md promises a partner, as types: every field listed here is always present
// (not optional) and has exactly this type, `X | null` where the wire sends null. It
// compiles only against TypeScript types generated from an exact api/openapi.yaml
// (openapi-typescript, by `npm run typescript`): a document that makes a promised field
// optional, or loosens or tightens its type, fails `tsc --strict` and so the build.
import type { components } from '../../../target/generated-sources/typescript/openapi';

type Schemas = components['schemas'];

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type IsRequired<T, K extends keyof T> = {} extends Pick<T, K> ? false : true;
/** `K` is always present in `T` and has exactly type `V`. */
type Field<T, K extends keyof T, V> = IsRequired<T, K> extends true ? Equal<T[K], V> : false;
/** `K` may be left out of `T` (and is then absent, never null); when present it is `V`. */
type OptionalField<T, K extends keyof T, V> = IsRequired<T, K> extends true ? false : Equal<Exclude<T[K], undefined>, V>;
type Expect<T extends true> = T;

type Status = 'CREATED' | 'COURIER_ASSIGNED' | 'PICKED_UP' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'CANCELLED';

type Tracking = Schemas['Tracking'];
type Courier = Schemas['Courier'];
type Location = Schemas['Location'];
type ArrivalRange = Schemas['ArrivalRange'];
type GeoPoint = Schemas['GeoPoint'];
type OrderLocation = Schemas['OrderLocation'];
type OrderHistory = Schemas['OrderHistory'];
type Step = Schemas['Step'];
type TrailPoint = Schemas['TrailPoint'];
type SearchPage = Schemas['PageBodyOrderSummary'];
type OrderSummary = Schemas['OrderSummary'];
type PositionPage = Schemas['PageBodyPositionItem'];
type PositionItem = Schemas['PositionItem'];
type ShareLink = Schemas['ShareLink'];
type Problem = Schemas['ProblemDetail'];

export type Promises = [
  // tracking
  Expect<Field<Tracking, 'orderId', string>>,
  Expect<Field<Tracking, 'status', Status>>,
  Expect<Field<Tracking, 'statusAt', string>>,
  Expect<Field<Tracking, 'courier', Courier | null>>,
  Expect<Field<Tracking, 'destination', GeoPoint | null>>,
  Expect<Field<Tracking, 'etaSeconds', number | null>>,
  Expect<Field<Tracking, 'estimatedArrivalAt', string | null>>,
  Expect<Field<Tracking, 'estimatedArrivalRange', ArrivalRange | null>>,
  Expect<Field<Tracking, 'arriving', boolean>>,
  Expect<Field<Tracking, 'arrived', boolean>>,
  Expect<Field<Tracking, 'updatedAt', string>>,
  Expect<OptionalField<Courier, 'courierId', string>>, // partners and support only
  Expect<Field<Courier, 'position', Location>>,
  Expect<Field<Location, 'lat', number>>,
  Expect<Field<Location, 'lon', number>>,
  Expect<Field<Location, 'accuracyMeters', number | null>>,
  Expect<Field<Location, 'recordedAt', string>>,
  Expect<Field<Location, 'ageSeconds', number>>,
  Expect<Field<Location, 'stale', boolean>>,
  Expect<Field<ArrivalRange, 'earliest', string>>,
  Expect<Field<ArrivalRange, 'latest', string>>,
  Expect<Field<GeoPoint, 'lat', number>>,
  Expect<Field<GeoPoint, 'lon', number>>,
  // location
  Expect<Field<OrderLocation, 'orderId', string>>,
  Expect<Field<OrderLocation, 'lat', number>>,
  Expect<Field<OrderLocation, 'lon', number>>,
  Expect<Field<OrderLocation, 'recordedAt', string>>,
  // history
  Expect<Field<OrderHistory, 'orderId', string>>,
  Expect<Field<OrderHistory, 'timeline', Step[]>>,
  Expect<Field<OrderHistory, 'trail', TrailPoint[]>>,
  Expect<Field<Step, 'status', Status>>,
  Expect<Field<Step, 'occurredAt', string>>,
  Expect<Field<Step, 'location', GeoPoint | null>>,
  Expect<Field<TrailPoint, 'lat', number>>,
  Expect<Field<TrailPoint, 'lon', number>>,
  Expect<Field<TrailPoint, 'recordedAt', string>>,
  // pages
  Expect<Field<SearchPage, 'items', OrderSummary[]>>,
  Expect<Field<SearchPage, 'nextCursor', string | null>>,
  Expect<Field<OrderSummary, 'orderId', string>>,
  Expect<Field<OrderSummary, 'status', Status>>,
  Expect<Field<OrderSummary, 'createdAt', string>>,
  Expect<Field<OrderSummary, 'updatedAt', string>>,
  Expect<Field<PositionPage, 'items', PositionItem[]>>,
  Expect<Field<PositionPage, 'nextCursor', string | null>>,
  Expect<Field<PositionItem, 'lat', number>>,
  Expect<Field<PositionItem, 'lon', number>>,
  Expect<Field<PositionItem, 'recordedAt', string>>,
  Expect<Field<PositionItem, 'speedMetersPerSecond', number | null>>,
  // share links
  Expect<Field<ShareLink, 'token', string>>,
  Expect<Field<ShareLink, 'url', string>>,
  Expect<Field<ShareLink, 'expiresAt', string>>,
  // errors (RFC 9457)
  Expect<Field<Problem, 'status', number>>,
  Expect<Field<Problem, 'title', string>>,
];
