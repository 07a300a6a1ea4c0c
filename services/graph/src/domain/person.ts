export interface Person {
  readonly id: string;
  readonly name: string;
  /** An opted-out person never appears inside anyone's intro path (they may still be an end). */
  readonly optedOut: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface PersonInput {
  readonly id: string;
  readonly name: string;
  readonly optedOut?: boolean;
}
