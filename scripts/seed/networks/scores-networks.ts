import type { SeedNetwork } from '../network.ts';
import { createTieBuilder } from './hand-built.ts';

const DAY_MS = 86_400_000;

/**
 * The "vouching" network, for influence scores, trusted businesses and referral analytics. Every
 * id starts with `prefix`; every tie interacted at `nowMs`, so nothing has cooled (a tie's hop
 * strength is its strength, one direction only).
 *
 * People V (the viewer), A, B, C, O (opted out), X, Q, R1, R2, R3.
 *   V→A 0.9, V→B 0.5, A→C 0.8, V→O 1.0, V→X 0.9 with X→V distrust (the hop V–X carries nothing).
 * Businesses P1 (plumber, Springfield, at 40.0, -75.0), P2 (plumber, Springfield, at 40.5,
 * -75.0, about 56 km north of P1), E1 (electrician, Shelbyville). Q owns P1.
 *   A→P1 0.8, B→P1 0.6, C→P2 0.9, O→P2 1.0 (opted out: never vouches), X→E1 1.0 (unreachable),
 *   V→E1 0.5 (the viewer's own trust counts with path warmth 1), Q→P1 0.9 (the owner: no vouch).
 *
 * trustedBusinesses from V, maxHops 3 (warmth: A 0.9, B 0.5, C 0.9·0.8 = 0.72):
 *   P1: A 0.9·0.8 = 0.72, B 0.5·0.6 = 0.30 → 1 − 0.28·0.70 = 0.804, 2 vouchers
 *   P2: C 0.72·0.9 = 0.648 → 0.648, 1 voucher (path V-A-C-P2)
 *   E1: V 1·0.5 = 0.5 → 0.5, 1 voucher
 * With maxHops 1, C is out of reach: P1 0.804, E1 0.5.
 *
 * Reach over usable hops V–A, V–B, V–O, A–C: reach2(V) = 4 (A, B, O, C), reach2(C) = 2 (A, V),
 * reach3(C) = 4 (+ B, O), reach2(X) = 0, reach2(O) = 3 (an end may start a path: V, A, B).
 *
 * Referrals for P1: V→R1 (converted, day 0), R1→R2 (converted, day 1), R2→R3 (converted,
 * day 2), R1→Q (not converted, day 3). Credit: V 1 + 0.5 (R2) + 0.25 (R3) = 1.75; R1 1 + 0.5 =
 * 1.5; R2 1. Leads for P1 (at day 10): R1, R2, R3 REFERRAL converted after 2, 4 and 10 days, Q
 * REFERRAL open; A SEARCH converted after 1 day, C SEARCH open, B ADS open. REFERRAL: 4 leads,
 * 3 converted, 0.75, median 4 days; SEARCH 2, 1, 0.5, median 1; other: 3, 1, 1/3, median 1.
 * Customers of P1: R1 100, R2 200, R3 400, A 50. Adjusted value: R2 200 + 0.5·400 = 400, R3
 * 400, R1 100 + 0.5·200 + 0.25·400 = 300 (2 brought in), A 50.
 *
 * PageRank: V, A and X trust people; everyone else is dangling. Nobody trusts V, so V holds the
 * least rank of those with ties in (V: (1 − d)/N plus the dangling share only).
 */
export function buildVouchingNetwork(prefix: string, nowMs: number): SeedNetwork {
  const id = (name: string) => `${prefix}${name}`;
  const tie = createTieBuilder(prefix, nowMs);
  const day = (n: number) => nowMs - 30 * DAY_MS + n * DAY_MS;
  const referral = (n: number, from: string, to: string, converted: boolean) => ({
    id: id(`ref${n}`),
    referrerId: id(from),
    referredId: id(to),
    businessId: id('P1'),
    at: day(n),
    converted,
  });
  const lead = (
    person: string,
    source: 'REFERRAL' | 'SEARCH' | 'ADS',
    convertedAfterDays?: number,
  ) => ({
    personId: id(person),
    businessId: id('P1'),
    source,
    at: day(10),
    convertedAt: convertedAfterDays === undefined ? undefined : day(10 + convertedAfterDays),
  });

  return {
    people: ['V', 'A', 'B', 'C', 'O', 'X', 'Q', 'R1', 'R2', 'R3'].map((name) => ({
      id: id(name),
      name: `Vouching ${name}`,
      optedOut: name === 'O',
    })),
    businesses: [
      {
        id: id('P1'),
        name: 'First Pipes',
        category: 'plumber',
        city: 'Springfield',
        location: { lat: 40, lon: -75 },
      },
      {
        id: id('P2'),
        name: 'Second Pipes',
        category: 'plumber',
        city: 'Springfield',
        location: { lat: 40.5, lon: -75 },
      },
      { id: id('E1'), name: 'Bright Sparks', category: 'electrician', city: 'Shelbyville' },
    ],
    trust: [
      tie('V', 'A', 0.9),
      tie('V', 'B', 0.5),
      tie('A', 'C', 0.8),
      tie('V', 'O', 1.0),
      tie('V', 'X', 0.9),
      tie('X', 'V', 0, true),
      tie('A', 'P1', 0.8),
      tie('B', 'P1', 0.6),
      tie('C', 'P2', 0.9),
      tie('O', 'P2', 1.0),
      tie('X', 'E1', 1.0),
      tie('V', 'E1', 0.5),
      tie('Q', 'P1', 0.9),
    ],
    roles: [{ personId: id('Q'), businessId: id('P1'), role: 'OWNS' }],
    customers: [
      { personId: id('R1'), businessId: id('P1'), value: 100 },
      { personId: id('R2'), businessId: id('P1'), value: 200 },
      { personId: id('R3'), businessId: id('P1'), value: 400 },
      { personId: id('A'), businessId: id('P1'), value: 50 },
    ],
    referrals: [
      referral(0, 'V', 'R1', true),
      referral(1, 'R1', 'R2', true),
      referral(2, 'R2', 'R3', true),
      referral(3, 'R1', 'Q', false),
    ],
    leads: [
      lead('R1', 'REFERRAL', 2),
      lead('R2', 'REFERRAL', 4),
      lead('R3', 'REFERRAL', 10),
      lead('Q', 'REFERRAL'),
      lead('A', 'SEARCH', 1),
      lead('C', 'SEARCH'),
      lead('B', 'ADS'),
    ],
  };
}
