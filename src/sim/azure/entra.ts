// Microsoft Entra ID as far as Azure Monitor's secure webhook needs it: a signing key published as a JWKS
// (GET /{tenant}/discovery/v2.0/keys, the shape login.microsoftonline.com serves: kty, use, kid, n, e) and
// access tokens for the action group's webhook, signed RS256 with it. Tests and the simulator's alert
// firing use `signWebhookToken`; a token with another key, audience or expiry is how refusals are tested.
import { generateKeyPairSync, type KeyObject, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Handler } from "./http.ts";
import { ok } from "./http.ts";

/** The first-party app Azure Monitor uses to call secure webhooks ("Azure Monitor Action Groups"). */
export const ACTION_GROUPS_APP_ID = "461e8683-5575-4561-ac7f-899cc907d62a";

export interface WebhookTokenOptions {
  audience: string;
  tenant: string;
  /** Seconds from now (negative: already expired). Default 3600. */
  expiresInS?: number;
  /** Sign with a key the JWKS does not publish. */
  foreignKey?: boolean;
  issuer?: string;
}

export class SimEntra {
  readonly kid = randomUUID();
  readonly #key: { privateKey: KeyObject; publicKey: KeyObject };
  readonly #foreign: { privateKey: KeyObject; publicKey: KeyObject };

  constructor() {
    this.#key = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.#foreign = generateKeyPairSync("rsa", { modulusLength: 2048 });
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.#key.publicKey.export({ format: "jwk" });
    return { keys: [{ kty: "RSA", use: "sig", kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e }] };
  }

  /** A v1 access token as Entra issues it to the action group for the webhook's app registration. */
  signWebhookToken(o: WebhookTokenOptions): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (o.expiresInS ?? 3600);
    return new SignJWT({
      appid: ACTION_GROUPS_APP_ID,
      appidacr: "2",
      idp: `https://sts.windows.net/${o.tenant}/`,
      oid: "9d8c7a1e-4b5f-4c3d-8e2f-1a0b9c8d7e6f",
      roles: ["ActionGroupsSecureWebhook"],
      tid: o.tenant,
      ver: "1.0",
    })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.kid, x5t: this.kid })
      .setIssuer(o.issuer ?? `https://sts.windows.net/${o.tenant}/`)
      .setAudience(o.audience)
      .setIssuedAt(Math.min(now, exp - 60))
      .setNotBefore(Math.min(now, exp - 60))
      .setExpirationTime(exp)
      .sign(o.foreignKey ? this.#foreign.privateKey : this.#key.privateKey);
  }
}

export const getKeys: Handler = (ctx) => ok(ctx.state.entra.jwks());
