// Default Azure endpoints per cloud, in the shape createArmFleet takes. The table itself lives in
// src/clouds.ts (shared with config.ts); this only renames for the adapter.
import { type AzureCloud, cloudDefaults } from "../clouds.ts";

export interface CloudEndpoints {
  armEndpoint: string;
  /** ARM (and batch metrics) token scope, e.g. "https://management.azure.com/.default". */
  audience: string;
  metricsBatchEndpointTemplate: string;
  logsEndpoint: string;
  logsAudience: string;
}

export function cloudEndpoints(cloud: AzureCloud): CloudEndpoints {
  const d = cloudDefaults(cloud);
  return {
    armEndpoint: d.armEndpoint,
    audience: d.armAudience,
    metricsBatchEndpointTemplate: d.metricsBatchEndpoint,
    logsEndpoint: d.logsEndpoint,
    logsAudience: d.logsAudience,
  };
}
