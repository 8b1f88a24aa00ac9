package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.RemoteClusters;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns a failed write into a verdict. The API server rejecting an object as invalid (HTTP 400
 * or 422) is the user's to fix and is not retried; anything else is retried with backoff.
 */
public final class ApplyFailure {
  private ApplyFailure() {}

  /**
   * The API server's own words for a failure, without the client's request dump: the message of
   * the Kubernetes Status it answered with (at most {@value #MAX_CAUSE} characters). A response
   * that was no Status (a proxy's page, a body the client wrapped) is not quoted, only its HTTP
   * code: what a remote cluster's endpoint sends must not land in a status or an Event.
   */
  public static String cause(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null) {
      var status = k.getStatus();
      boolean madeByClient = status.getAdditionalProperties() != null && status.getAdditionalProperties().containsKey(CLIENT_STATUS_FLAG);
      if (status.getMessage() != null && !madeByClient && "Status".equals(status.getKind())) return shortened(status.getMessage());
      if (k.getCode() > 0) return "HTTP " + k.getCode() + (status.getReason() == null || madeByClient ? "" : " " + status.getReason());
    }
    return shortened(e.getMessage());
  }

  static final int MAX_CAUSE = 400;
  /** The key fabric8 marks a Status with when it made it itself from a response that was no Status. */
  static final String CLIENT_STATUS_FLAG = "CLIENT_STATUS_FLAG";

  private static String shortened(String message) {
    if (message == null || message.length() <= MAX_CAUSE) return message;
    return message.substring(0, MAX_CAUSE) + "…";
  }

  public static Verdict verdict(String what, KubernetesClientException e) {
    if (e instanceof OwnerClaims.NameConflictException) return Verdict.blocked(Reason.NAME_CONFLICT, e.getMessage());
    if (e instanceof RetainedSecrets.MissingException) return Verdict.blocked(Reason.DATA_CREDENTIALS_MISSING, e.getMessage());
    // Its caches are being replaced (a new kubeconfig, the operator stopping): like connecting, the last ready entry stands.
    if (e instanceof OwnedResourceInformers.InformerMissingException) {
      return Verdict.waiting(Reason.CLUSTER_CONNECTING, e.getMessage());
    }
    String cause = cause(e);
    if (e.getCode() == 400 || e.getCode() == 422) {
      return Verdict.blocked(Reason.INVALID_SPEC, "the API server rejected " + what + ": " + cause);
    }
    return Verdict.blocked(Reason.APPLY_FAILED, "could not apply " + what + " (HTTP " + e.getCode() + "): " + cause);
  }

  /** A reconcile that threw: the exception's own words, on the resource's conditions. */
  public static Verdict reconcileFailed(Exception e) {
    return Verdict.blocked(Reason.RECONCILE_FAILED, "reconcile failed: " + cause(e));
  }

  /** A write that raced another (HTTP 409): the retry settles it, nothing to report. */
  public static boolean raced(Exception e) {
    return e instanceof KubernetesClientException k && k.getCode() == 409;
  }

  public static boolean retried(Verdict verdict) {
    return verdict.reason().retried();
  }
}
