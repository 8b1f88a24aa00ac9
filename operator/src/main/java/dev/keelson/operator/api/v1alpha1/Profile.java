package dev.keelson.operator.api.v1alpha1;

/** The kind of environment a Platform is; it chooses replica counts, resources and data-service sizes. */
public enum Profile {
  dev, qat, uat, prod
}
