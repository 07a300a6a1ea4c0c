import { leadSources, type LeadSource } from '../network.ts';
import { createWeightedSampler, type Random } from '../random.ts';
import { buildAdjacency, EdgeColumns } from './edge-columns.ts';
import type { NetworkSpec } from './network-spec.ts';
import { createTieWriter } from './trust-ties.ts';
import { shuffledIndices, type Town } from './town.ts';

/** Customers, their trust in businesses, referrals and leads, as columns. Times in seconds. */
export interface Activity {
  readonly customerPerson: number[];
  readonly customerBusiness: number[];
  readonly customerSinceSec: number[];
  readonly customerValue: number[];
  /** Trust from people (from) to businesses (to). */
  readonly businessTrust: EdgeColumns;
  readonly referrer: number[];
  readonly referred: number[];
  readonly referralBusiness: number[];
  readonly referralAtSec: number[];
  readonly referralConverted: boolean[];
  readonly leadPerson: number[];
  readonly leadBusiness: number[];
  readonly leadSource: LeadSource[];
  readonly leadAtSec: number[];
  /** 0 when the lead did not convert. */
  readonly leadConvertedAtSec: number[];
  /** -1 when the lead did not come through a referral. */
  readonly leadReferrer: number[];
}

const DAY_SEC = 86_400;
const CUSTOMER_TRUST_PROBABILITY = 0.45;
const LOCAL_CUSTOMER_SHARE = 0.85;
const REFERRAL_CONVERSION = 0.6;
const OTHER_LEAD_CONVERSION = 0.25;
const OTHER_LEAD_SOURCES: readonly LeadSource[] = leadSources.filter((s) => s !== 'REFERRAL');

export function generateActivity(
  spec: NetworkSpec,
  town: Town,
  personTrust: EdgeColumns,
  random: Random,
): Activity {
  const endSec = Math.floor(spec.endAt / 1000);
  const startSec = endSec - Math.floor(spec.historyYears * 365.25 * DAY_SEC);
  const pickBusiness = createBusinessPicker(town, random.fork(20));
  const activity = createEmptyActivity(town);
  const customerPairs = new Set<number>();
  const leadPairs = new Set<number>();
  const context = {
    spec,
    town,
    activity,
    pickBusiness,
    customerPairs,
    leadPairs,
    startSec,
    endSec,
  };

  addCustomers(context, random.fork(21));
  addReferralChains(context, personTrust, random.fork(22));
  addOtherLeads(context, random.fork(23));
  addCustomerTrust(context, random.fork(24));
  return activity;
}

interface ActivityContext {
  readonly spec: NetworkSpec;
  readonly town: Town;
  readonly activity: Activity;
  readonly pickBusiness: (person: number, random: Random) => number;
  readonly customerPairs: Set<number>;
  readonly leadPairs: Set<number>;
  readonly startSec: number;
  readonly endSec: number;
}

function createEmptyActivity(town: Town): Activity {
  return {
    customerPerson: [],
    customerBusiness: [],
    customerSinceSec: [],
    customerValue: [],
    businessTrust: new EdgeColumns(town.businessCount, town.personCount),
    referrer: [],
    referred: [],
    referralBusiness: [],
    referralAtSec: [],
    referralConverted: [],
    leadPerson: [],
    leadBusiness: [],
    leadSource: [],
    leadAtSec: [],
    leadConvertedAtSec: [],
    leadReferrer: [],
  };
}

/** Popular businesses draw most customers (Zipf), and most people shop in their own town. */
function createBusinessPicker(
  town: Town,
  random: Random,
): (person: number, random: Random) => number {
  const rank = shuffledIndices(town.businessCount, random);
  const weights = Array.from(rank, (r) => 1 / (1 + r) ** 0.8);
  const businessesByCity: number[][] = town.cities.map(() => []);
  town.businessCity.forEach((city, b) => businessesByCity[city]?.push(b));
  const samplerByCity = businessesByCity.map((list) =>
    list.length > 0 ? createWeightedSampler(list.map((b) => weights[b] ?? 0)) : undefined,
  );
  const anywhere = createWeightedSampler(weights);

  return (person, r) => {
    const city = town.neighbourhoodCity[town.neighbourhoodOf[person] ?? 0] ?? 0;
    const local = samplerByCity[city];
    const list = businessesByCity[city];
    if (local && list && r.chance(LOCAL_CUSTOMER_SHARE)) {
      return list[local(r)] ?? 0;
    }
    return anywhere(r);
  };
}

function addCustomer(
  context: ActivityContext,
  person: number,
  business: number,
  sinceSec: number,
  random: Random,
): boolean {
  const key = person * context.town.businessCount + business;
  if (context.customerPairs.has(key)) {
    return false;
  }

  context.customerPairs.add(key);
  context.activity.customerPerson.push(person);
  context.activity.customerBusiness.push(business);
  context.activity.customerSinceSec.push(sinceSec);
  context.activity.customerValue.push(
    Math.round(Math.exp(4.5 + 1.1 * gaussian(random)) * 100) / 100,
  );
  return true;
}

function addCustomers(context: ActivityContext, random: Random): void {
  const { town, spec, startSec, endSec } = context;
  for (let person = 0; person < town.personCount; person++) {
    const count = poisson(spec.customersPerPerson, random);
    for (let i = 0; i < count; i++) {
      addCustomer(
        context,
        person,
        context.pickBusiness(person, random),
        startSec + random.int(endSec - startSec),
        random,
      );
    }
  }
}

/**
 * Chains of referrals: a customer refers someone they trust to the business; a converted referral
 * makes the referred person a customer, who may refer someone in turn (A to B to C).
 */
function addReferralChains(
  context: ActivityContext,
  personTrust: EdgeColumns,
  random: Random,
): void {
  const { town, spec, activity, endSec } = context;
  const { offsets, targets } = buildAdjacency(personTrust, town.personCount, false);
  const customerCount = activity.customerPerson.length;
  const chains =
    customerCount === 0 ? 0 : Math.round(town.personCount * spec.referralChainsPerPerson);

  for (let chain = 0; chain < chains; chain++) {
    const start = random.int(customerCount);
    const business = activity.customerBusiness[start] ?? 0;
    let from = activity.customerPerson[start] ?? 0;
    let atSec = activity.customerSinceSec[start] ?? 0;
    for (let step = 0; step === 0 || random.chance(spec.referralChainContinue); step++) {
      const degree = (offsets[from + 1] ?? 0) - (offsets[from] ?? 0);
      const to = degree > 0 ? (targets[(offsets[from] ?? 0) + random.int(degree)] ?? from) : from;
      atSec += DAY_SEC * (5 + random.int(200));
      const pair = to * town.businessCount + business;
      if (
        to === from ||
        atSec > endSec ||
        context.customerPairs.has(pair) ||
        context.leadPairs.has(pair)
      ) {
        break;
      }

      const converted = random.chance(REFERRAL_CONVERSION);
      const convertedAtSec = converted ? Math.min(endSec, atSec + DAY_SEC * random.int(30)) : 0;
      activity.referrer.push(from);
      activity.referred.push(to);
      activity.referralBusiness.push(business);
      activity.referralAtSec.push(atSec);
      activity.referralConverted.push(converted);
      addLead(context, to, business, 'REFERRAL', atSec, convertedAtSec, from);
      if (!converted) {
        break;
      }
      addCustomer(context, to, business, convertedAtSec, random);
      from = to;
      atSec = convertedAtSec;
    }
  }
}

function addLead(
  context: ActivityContext,
  person: number,
  business: number,
  source: LeadSource,
  atSec: number,
  convertedAtSec: number,
  referrer: number,
): void {
  const { activity } = context;
  context.leadPairs.add(person * context.town.businessCount + business);
  activity.leadPerson.push(person);
  activity.leadBusiness.push(business);
  activity.leadSource.push(source);
  activity.leadAtSec.push(atSec);
  activity.leadConvertedAtSec.push(convertedAtSec);
  activity.leadReferrer.push(referrer);
}

/** Leads from search, ads, walk-ins and social media convert less often and more slowly. */
function addOtherLeads(context: ActivityContext, random: Random): void {
  const { town, spec, startSec, endSec } = context;
  const count = Math.round(town.personCount * spec.otherLeadsPerPerson);
  for (let i = 0; i < count; i++) {
    const person = random.int(town.personCount);
    const business = context.pickBusiness(person, random);
    const pair = person * town.businessCount + business;
    if (context.leadPairs.has(pair) || context.customerPairs.has(pair)) {
      continue;
    }

    const atSec = startSec + random.int(endSec - startSec);
    const converted = random.chance(OTHER_LEAD_CONVERSION);
    const convertedAtSec = converted ? Math.min(endSec, atSec + DAY_SEC * (3 + random.int(90))) : 0;
    addLead(context, person, business, random.pick(OTHER_LEAD_SOURCES), atSec, convertedAtSec, -1);
    if (converted) {
      addCustomer(context, person, business, convertedAtSec, random);
    }
  }
}

/** Some customers also vouch for (or, after a bad experience, distrust) the business. */
function addCustomerTrust(context: ActivityContext, random: Random): void {
  const { activity } = context;
  const writer = createTieWriter(context.spec, activity.businessTrust, random.fork(1), true);
  for (let i = 0; i < activity.customerPerson.length; i++) {
    if (random.chance(CUSTOMER_TRUST_PROBABILITY)) {
      writer.addTie(
        activity.customerPerson[i] ?? 0,
        activity.customerBusiness[i] ?? 0,
        'CUSTOMER',
        0,
      );
    }
  }
}

function poisson(mean: number, random: Random): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) {
    k++;
  }
  return k;
}

function gaussian(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}
