// Default endpoints per Azure cloud. Explicit endpoint variables override them (config.ts); token
// audiences stay the cloud's own, so an endpoint override (simulator, private link) keeps working tokens.
export type AzureCloud = "AzurePublicCloud" | "AzureUSGovernment" | "AzureChinaCloud";

export interface CloudDefaults {
  armEndpoint: string;
  armAudience: string;
  /** Regional batch metrics host template. */
  metricsBatchEndpoint: string;
  logsEndpoint: string;
  logsAudience: string;
  /** Microsoft Entra ID sign-in host (JWKS of the secure webhook's tokens). */
  loginEndpoint: string;
  /** The v1 token issuer, with `{tenant}`. */
  stsIssuer: string;
}

const CLOUDS: Record<AzureCloud, CloudDefaults> = {
  AzurePublicCloud: {
    armEndpoint: "https://management.azure.com",
    armAudience: "https://management.azure.com/.default",
    metricsBatchEndpoint: "https://{region}.metrics.monitor.azure.com",
    logsEndpoint: "https://api.loganalytics.io/v1",
    logsAudience: "https://api.loganalytics.io/.default",
    loginEndpoint: "https://login.microsoftonline.com",
    stsIssuer: "https://sts.windows.net/{tenant}/",
  },
  AzureUSGovernment: {
    armEndpoint: "https://management.usgovcloudapi.net",
    armAudience: "https://management.usgovcloudapi.net/.default",
    metricsBatchEndpoint: "https://{region}.metrics.monitor.azure.us",
    logsEndpoint: "https://api.loganalytics.us/v1",
    logsAudience: "https://api.loganalytics.us/.default",
    loginEndpoint: "https://login.microsoftonline.us",
    stsIssuer: "https://login.microsoftonline.us/{tenant}/",
  },
  AzureChinaCloud: {
    armEndpoint: "https://management.chinacloudapi.cn",
    armAudience: "https://management.chinacloudapi.cn/.default",
    metricsBatchEndpoint: "https://{region}.metrics.monitor.azure.cn",
    logsEndpoint: "https://api.loganalytics.azure.cn/v1",
    logsAudience: "https://api.loganalytics.azure.cn/.default",
    loginEndpoint: "https://login.chinacloudapi.cn",
    stsIssuer: "https://sts.chinacloudapi.cn/{tenant}/",
  },
};

export function cloudDefaults(cloud: AzureCloud): CloudDefaults {
  return CLOUDS[cloud];
}
