/** What to generate. Named networks fix every knob; `--people` and `--mean-degree` resize them. */
export interface NetworkSpec {
  readonly name: string;
  readonly people: number;
  readonly businesses: number;
  /** Mean number of person-to-person trust ties each person gives (out-degree). */
  readonly meanDegree: number;
  /** How many of the fictional towns the people live in (at least 1). */
  readonly cityCount: number;
  /** Exponent of the Chung-Lu degree distribution; about 2.5 for social networks. */
  readonly degreeExponent: number;
  /** Probability that a non-family tie is returned; family ties are almost always mutual. */
  readonly returnTieProbability: number;
  /** Share of non-family ties recorded as distrust. */
  readonly distrustShare: number;
  readonly optedOutShare: number;
  /** Share of ties added by closing triangles (a friend of a friend), for clustering. */
  readonly triadicClosureShare: number;
  /** Mean number of businesses a person is a customer of. */
  readonly customersPerPerson: number;
  /** Referral chains started per person; each chain continues with `referralChainContinue`. */
  readonly referralChainsPerPerson: number;
  readonly referralChainContinue: number;
  /** Leads that did not come through a referral, per person. */
  readonly otherLeadsPerPerson: number;
  /** The generated history ends here (ms since epoch); fixed so the output is reproducible. */
  readonly endAt: number;
  /** How far back the history goes, in years. */
  readonly historyYears: number;
  /** Prepended to every generated id, so several networks can share one graph. */
  readonly idPrefix: string;
}

export const networkNames = ['demo', 'medium', 'large'] as const;
export type NetworkName = (typeof networkNames)[number];

const base: Omit<NetworkSpec, 'name' | 'people' | 'businesses' | 'meanDegree' | 'cityCount'> = {
  degreeExponent: 2.5,
  returnTieProbability: 0.15,
  distrustShare: 0.03,
  optedOutShare: 0.01,
  triadicClosureShare: 0.15,
  customersPerPerson: 1.2,
  referralChainsPerPerson: 0.06,
  referralChainContinue: 0.45,
  otherLeadsPerPerson: 0.12,
  endAt: Date.UTC(2026, 0, 1),
  historyYears: 12,
  idPrefix: '',
};

const named: Record<NetworkName, NetworkSpec> = {
  demo: { ...base, name: 'demo', people: 3_000, businesses: 300, meanDegree: 8, cityCount: 1 },
  medium: {
    ...base,
    name: 'medium',
    people: 100_000,
    businesses: 5_000,
    meanDegree: 10,
    cityCount: 3,
  },
  large: {
    ...base,
    name: 'large',
    people: 1_000_000,
    businesses: 50_000,
    meanDegree: 10,
    cityCount: 8,
  },
};

export function isNetworkName(value: string): value is NetworkName {
  return (networkNames as readonly string[]).includes(value);
}

export interface SpecOverrides {
  readonly people?: number;
  readonly meanDegree?: number;
  readonly idPrefix?: string;
}

/** A named spec, resized: businesses scale with people (one per ten people in the demo town). */
export function resolveNetworkSpec(name: NetworkName, overrides: SpecOverrides = {}): NetworkSpec {
  const spec = named[name];
  const people = overrides.people ?? spec.people;
  const businesses =
    overrides.people === undefined
      ? spec.businesses
      : Math.max(1, Math.round((spec.businesses / spec.people) * people));

  return {
    ...spec,
    people,
    businesses,
    meanDegree: overrides.meanDegree ?? spec.meanDegree,
    idPrefix: overrides.idPrefix ?? spec.idPrefix,
  };
}
