import type { SeedNetwork, SeedTrust } from '../network.ts';

/**
 * Small networks whose intro paths are worked out by hand, for tests and for trying the API.
 * Every id starts with `prefix`, so several copies can live in one graph without touching.
 *
 * The "crossroads" network, all interactions at `nowMs` (so nothing has cooled):
 *
 *   A→B 0.9, B→A 0.5   hop A–B = 1 − 0.1·0.5 = 0.95 (mutual)
 *   B→C 0.9            hop B–C = 0.9
 *   B→T 0.8, A→C 0.6, C→T 0.9, A→F 0.5, F→T 0.5, A→D 0.5, D→E 0.5, E→T 1.0
 *   A→O 1.0, O→T 1.0   O has opted out: never inside a path
 *   A→X 0.9, X→T 0.9, T→X distrust: the hop X–T carries nothing
 *   Business Z: E works at Z, O owns Z, F trusts Z 0.6, X distrusts Z
 *   L knows nobody.
 *
 * Warmest paths from A to T, one per first contact:
 *   A-B-C-T 0.95·0.9·0.9 = 0.7695, A-C-T 0.54, A-F-T 0.25, A-D-E-T 0.25 (fewer hops first)
 * Raw top 2: A-B-C-T 0.7695, A-B-T 0.76.
 * From A to Z, one per first contact:
 *   A-B-C-T-E-Z 0.7695, A-C-T-E-Z 0.54, A-F-Z 0.3, A-D-E-Z 0.25; with maxHops 3: A-F-Z, A-D-E-Z.
 */
/**
 * Builds FRIEND ties between prefixed ids for hand-built networks: known a day, last interaction
 * at `nowMs`, so nothing has cooled; distrust carries strength 0.
 */
export function createTieBuilder(prefix: string, nowMs: number) {
  return (from: string, to: string, strength: number, distrust = false): SeedTrust => ({
    fromId: `${prefix}${from}`,
    toId: `${prefix}${to}`,
    strength: distrust ? 0 : strength,
    distrust,
    context: 'FRIEND',
    since: nowMs - 86_400_000,
    lastInteractionAt: nowMs,
  });
}

export function buildCrossroadsNetwork(prefix: string, nowMs: number): SeedNetwork {
  const id = (name: string) => `${prefix}${name}`;
  const tie = createTieBuilder(prefix, nowMs);

  return {
    people: ['A', 'B', 'C', 'D', 'E', 'F', 'O', 'X', 'T', 'L'].map((name) => ({
      id: id(name),
      name: `Crossroads ${name}`,
      email: `${name.toLowerCase()}@crossroads.example`,
      optedOut: name === 'O',
    })),
    businesses: [
      {
        id: id('Z'),
        name: 'Zenith Plumbing',
        category: 'plumber',
        city: 'Crossroads',
        location: { lat: 51.5, lon: -0.12 },
      },
    ],
    trust: [
      tie('A', 'B', 0.9),
      tie('B', 'A', 0.5),
      tie('B', 'C', 0.9),
      tie('B', 'T', 0.8),
      tie('A', 'C', 0.6),
      tie('C', 'T', 0.9),
      tie('A', 'F', 0.5),
      tie('F', 'T', 0.5),
      tie('A', 'D', 0.5),
      tie('D', 'E', 0.5),
      tie('E', 'T', 1.0),
      tie('A', 'O', 1.0),
      tie('O', 'T', 1.0),
      tie('A', 'X', 0.9),
      tie('X', 'T', 0.9),
      tie('T', 'X', 0, true),
      tie('F', 'Z', 0.6),
      tie('X', 'Z', 0, true),
    ],
    roles: [
      { personId: id('E'), businessId: id('Z'), role: 'WORKS_AT' },
      { personId: id('O'), businessId: id('Z'), role: 'OWNS' },
    ],
    customers: [
      { personId: id('F'), businessId: id('Z'), since: nowMs - 30 * 86_400_000, value: 420 },
    ],
    referrals: [],
    leads: [],
  };
}
