export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export interface Business {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly city: string;
  readonly location: GeoPoint | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface BusinessInput {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly city: string;
  readonly location?: GeoPoint | null;
}

/** How a person belongs to a business: the last hop of an intro path to a business says which. */
export type BusinessRole = 'OWNS' | 'WORKS_AT';
