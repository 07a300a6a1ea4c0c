import { createWeightedSampler, type Random } from '../random.ts';
import type { NetworkSpec } from './network-spec.ts';
import {
  businessCategories,
  cities,
  emailDomains,
  firstNames,
  lastNames,
  type City,
} from './names.ts';

/**
 * The people and businesses of a generated network, as columns indexed by person or business
 * number. People are laid out so that households and neighbourhoods are contiguous index ranges,
 * which keeps community ties cheap to find without storing membership lists.
 */
export interface Town {
  readonly personCount: number;
  readonly firstName: Uint8Array;
  readonly lastName: Uint8Array;
  /** 0 for no email, otherwise 1 + index into `emailDomains`. */
  readonly emailDomain: Uint8Array;
  readonly optedOut: Uint8Array;
  /** `householdStart[h]` is the first person of household h; one extra entry closes the last. */
  readonly householdStart: Int32Array;
  readonly neighbourhoodStart: Int32Array;
  readonly neighbourhoodOf: Int32Array;
  readonly neighbourhoodCity: Int32Array;
  readonly cities: readonly City[];
  readonly businessCount: number;
  readonly category: Uint8Array;
  readonly nameWord: Uint8Array;
  readonly businessCity: Uint8Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** -1 when no one could be found to own the business (tiny networks only). */
  readonly owner: Int32Array;
  readonly staffPerson: number[];
  readonly staffBusiness: number[];
  /** Club members; clubs are contiguous runs of `clubMember` from `clubStart[c]`. */
  readonly clubStart: number[];
  readonly clubMember: number[];
}

const HOUSEHOLD_SIZES = [1, 2, 3, 4, 5];
const HOUSEHOLD_SHARES = [28, 35, 16, 14, 7];
const NEIGHBOURHOOD_PEOPLE = 220;
const NEIGHBOURHOOD_SPREAD_KM = 0.4;
const EMAIL_SHARE = 0.7;
const MEAN_STAFF = 2.5;
const MAX_STAFF = 40;
const CLUB_JOIN_SHARE = 0.35;
const MEAN_CLUB_SIZE = 20;

export function createTown(spec: NetworkSpec, random: Random): Town {
  const n = spec.people;
  const people = createPeople(n, spec.optedOutShare, random.fork(1));
  const householdStart = createHouseholds(n, random.fork(2));
  const townCities = cities.slice(0, Math.max(1, Math.min(spec.cityCount, cities.length)));
  const neighbourhoods = createNeighbourhoods(householdStart, townCities, random.fork(3));
  const businesses = createBusinesses(spec.businesses, neighbourhoods, townCities, random.fork(4));
  const roles = assignRoles(n, spec.businesses, random.fork(5));
  const clubs = createClubs(neighbourhoods, townCities.length, random.fork(6));

  return {
    personCount: n,
    ...people,
    householdStart,
    ...neighbourhoods,
    cities: townCities,
    businessCount: spec.businesses,
    ...businesses,
    ...roles,
    ...clubs,
  };
}

function createPeople(n: number, optedOutShare: number, random: Random) {
  const firstName = new Uint8Array(n);
  const lastName = new Uint8Array(n);
  const emailDomain = new Uint8Array(n);
  const optedOut = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    firstName[i] = random.int(firstNames.length);
    lastName[i] = random.int(lastNames.length);
    emailDomain[i] = random.chance(EMAIL_SHARE) ? 1 + random.int(emailDomains.length) : 0;
    optedOut[i] = random.chance(optedOutShare) ? 1 : 0;
  }
  return { firstName, lastName, emailDomain, optedOut };
}

function createHouseholds(n: number, random: Random): Int32Array {
  const sampleSize = createWeightedSampler(HOUSEHOLD_SHARES);
  const starts: number[] = [];
  for (let person = 0; person < n;) {
    starts.push(person);
    person += HOUSEHOLD_SIZES[sampleSize(random)] ?? 1;
  }
  starts.push(n);
  return Int32Array.from(starts);
}

function createNeighbourhoods(
  householdStart: Int32Array,
  townCities: readonly City[],
  random: Random,
) {
  const n = householdStart[householdStart.length - 1] ?? 0;
  const starts: number[] = [];
  for (let h = 0; h < householdStart.length - 1; h++) {
    const start = householdStart[h] ?? 0;
    const current = starts[starts.length - 1];
    if (current === undefined || start - current >= NEIGHBOURHOOD_PEOPLE) {
      starts.push(start);
    }
  }
  starts.push(n);

  const count = starts.length - 1;
  const neighbourhoodOf = new Int32Array(n);
  const neighbourhoodCity = new Int32Array(count);
  const centreLat = new Float64Array(count);
  const centreLon = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const cityIndex = Math.floor((k * townCities.length) / count);
    const city = townCities[cityIndex] ?? townCities[0]!;
    const [lat, lon] = randomPointNear(city.lat, city.lon, city.radiusKm, random);
    neighbourhoodCity[k] = cityIndex;
    centreLat[k] = lat;
    centreLon[k] = lon;
    neighbourhoodOf.fill(k, starts[k], starts[k + 1]);
  }

  return {
    neighbourhoodStart: Int32Array.from(starts),
    neighbourhoodOf,
    neighbourhoodCity,
    centreLat,
    centreLon,
  };
}

function createBusinesses(
  count: number,
  neighbourhoods: ReturnType<typeof createNeighbourhoods>,
  townCities: readonly City[],
  random: Random,
) {
  const sampleCategory = createWeightedSampler(businessCategories.map((c) => c.share));
  const neighbourhoodCount = neighbourhoods.neighbourhoodCity.length;
  const category = new Uint8Array(count);
  const nameWord = new Uint8Array(count);
  const businessCity = new Uint8Array(count);
  const lat = new Float64Array(count);
  const lon = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    const k = random.int(neighbourhoodCount);
    category[b] = sampleCategory(random);
    nameWord[b] = random.int(256);
    businessCity[b] = Math.min(neighbourhoods.neighbourhoodCity[k] ?? 0, townCities.length - 1);
    const [pointLat, pointLon] = randomPointNear(
      neighbourhoods.centreLat[k] ?? 0,
      neighbourhoods.centreLon[k] ?? 0,
      NEIGHBOURHOOD_SPREAD_KM,
      random,
    );
    lat[b] = pointLat;
    lon[b] = pointLon;
  }
  return { category, nameWord, businessCity, lat, lon };
}

/** Owners and staff are drawn from one shuffled list, so nobody works at two businesses. */
function assignRoles(personCount: number, businessCount: number, random: Random) {
  const order = shuffledIndices(personCount, random);
  const owner = new Int32Array(businessCount).fill(-1);
  const staffPerson: number[] = [];
  const staffBusiness: number[] = [];
  let next = 0;
  for (let b = 0; b < businessCount && next < personCount; b++) {
    owner[b] = order[next++] ?? -1;
  }
  for (let b = 0; b < businessCount; b++) {
    const staff = Math.min(
      MAX_STAFF,
      Math.floor(MEAN_STAFF * 0.5 * (1 / Math.sqrt(1 - random.next()))),
    );
    for (let s = 0; s < staff && next < personCount; s++) {
      staffPerson.push(order[next++] ?? 0);
      staffBusiness.push(b);
    }
  }
  return { owner, staffPerson, staffBusiness };
}

/** Clubs are local: members come from the club's city. */
function createClubs(
  neighbourhoods: ReturnType<typeof createNeighbourhoods>,
  cityCount: number,
  random: Random,
) {
  const membersByCity: number[][] = Array.from({ length: cityCount }, () => []);
  const { neighbourhoodStart, neighbourhoodCity } = neighbourhoods;
  for (let k = 0; k < neighbourhoodCity.length; k++) {
    const city = membersByCity[neighbourhoodCity[k] ?? 0]!;
    for (let p = neighbourhoodStart[k] ?? 0; p < (neighbourhoodStart[k + 1] ?? 0); p++) {
      if (random.chance(CLUB_JOIN_SHARE)) {
        city.push(p);
      }
    }
  }

  const clubStart: number[] = [];
  const clubMember: number[] = [];
  for (const members of membersByCity) {
    shuffleInPlace(members, random);
    for (let i = 0; i < members.length;) {
      const size = 5 + random.int(2 * MEAN_CLUB_SIZE - 10);
      clubStart.push(clubMember.length);
      clubMember.push(...members.slice(i, i + size));
      i += size;
    }
  }
  clubStart.push(clubMember.length);
  return { clubStart, clubMember };
}

export function shuffledIndices(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  shuffleInPlace(order, random);
  return order;
}

function shuffleInPlace(items: { [index: number]: number; length: number }, random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
}

const KM_PER_DEGREE_LAT = 111.32;

/** A uniform point in a disc of `radiusKm` around the centre. */
function randomPointNear(
  lat: number,
  lon: number,
  radiusKm: number,
  random: Random,
): [number, number] {
  const r = radiusKm * Math.sqrt(random.next());
  const angle = random.next() * 2 * Math.PI;
  const dLat = (r * Math.cos(angle)) / KM_PER_DEGREE_LAT;
  const dLon = (r * Math.sin(angle)) / (KM_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  return [round6(lat + dLat), round6(lon + dLon)];
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
