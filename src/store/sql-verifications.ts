// Verification leases on an `SqlDriver` (one row per succeeded approval; see sql-lease.ts for the lease).
import { toVerificationClaim } from "./rows.ts";
import type { SqlDriver } from "./sql-driver.ts";
import { leaseOps } from "./sql-lease.ts";
import type { VerificationClaim } from "./store.ts";

export const verificationLease = leaseOps({ table: "verifications", key: ["approval_id"] });

/**
 * Insert-if-absent for a succeeded approval; the conflict branch is the takeover, conditional on the old
 * lease having lapsed before the verification was done, so concurrent takers race on one row.
 */
export async function claimVerification(
  db: SqlDriver,
  now: number,
  approvalId: string,
  owner: string,
  leaseMs: number,
): Promise<VerificationClaim | undefined> {
  // The casts type the parameters for PostgreSQL (a bare parameter in a select list has no type there).
  const [row] = await db.query(
    "INSERT INTO verifications (approval_id, owner, claimed_at, lease_until) " +
      "SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT) " +
      "WHERE EXISTS (SELECT 1 FROM approvals WHERE id = ? AND state = 'succeeded') " +
      "ON CONFLICT (approval_id) DO UPDATE SET owner = excluded.owner, claimed_at = excluded.claimed_at, " +
      "lease_until = excluded.lease_until, takeovers = verifications.takeovers + 1 " +
      "WHERE verifications.done_at IS NULL AND verifications.lease_until <= ? RETURNING *",
    [approvalId, owner, now, now + leaseMs, approvalId, now],
  );
  return row ? toVerificationClaim(row) : undefined;
}

export async function getVerification(db: SqlDriver, approvalId: string): Promise<VerificationClaim | undefined> {
  const [row] = await db.query("SELECT * FROM verifications WHERE approval_id = ?", [approvalId]);
  return row ? toVerificationClaim(row) : undefined;
}
