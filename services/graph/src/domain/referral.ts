/** A past introduction that happened: who referred whom, to which business, and whether it converted. */
export interface Referral {
  readonly referrerId: string;
  readonly referredId: string;
  readonly businessId: string;
  readonly at: Date;
  readonly converted: boolean;
}
