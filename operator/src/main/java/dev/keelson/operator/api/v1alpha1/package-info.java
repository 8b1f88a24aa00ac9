/**
 * The v1alpha1 API of group {@code platform.keelson.dev}: the custom resource classes from which
 * the CRDs in {@code crds/} are generated. Every field carries a description (shown by
 * {@code kubectl explain}) and its validation; defaults live in the schema.
 */
package dev.keelson.operator.api.v1alpha1;
