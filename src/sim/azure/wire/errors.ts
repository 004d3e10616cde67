// Azure error bodies: `{ "error": { "code", "message" } }`, with the messages the real services use.

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** ARM's answer for a missing resource. `type` is e.g. "Microsoft.Web/sites". */
export function resourceNotFound(type: string, name: string, resourceGroup: string): HttpError {
  return new HttpError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(resourceGroup: string): HttpError {
  return new HttpError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
}

export function subscriptionNotFound(subscriptionId: string): HttpError {
  return new HttpError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}

export function authorizationFailedMessage(client: string, objectId: string, action: string, scope: string): string {
  return `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
}

export function throttledMessage(kind: "read" | "write", subscriptionId: string, retryAfter: number): string {
  return `Number of '${kind}' requests for subscription '${subscriptionId}' actor '' exceeded. Please try again after '${retryAfter}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`;
}

export function badRequest(message: string, code = "BadRequest"): HttpError {
  return new HttpError(400, code, message);
}

/** Default code and message for an injected status. */
export function defaultError(status: number): { code: string; message: string } {
  switch (status) {
    case 400:
      return { code: "BadRequest", message: "The request is invalid." };
    case 401:
      return { code: "AuthenticationFailed", message: "Authentication failed." };
    case 404:
      return { code: "NotFound", message: "The requested resource was not found." };
    case 409:
      return { code: "Conflict", message: "The operation conflicts with an operation in progress." };
    case 429:
      return { code: "TooManyRequests", message: "The request was throttled. Please try again later." };
    case 500:
      return { code: "InternalServerError", message: "An unexpected error occurred while processing the request." };
    case 502:
      return { code: "BadGateway", message: "The gateway did not receive a response from the service." };
    case 503:
      return { code: "ServiceUnavailable", message: "The service is temporarily unavailable. Please try again later." };
    case 504:
      return {
        code: "GatewayTimeout",
        message: "The gateway did not receive a response within the specified time period.",
      };
    default:
      return {
        code: status >= 500 ? "InternalServerError" : "BadRequest",
        message: `The request failed with status ${status}.`,
      };
  }
}
