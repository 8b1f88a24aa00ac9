package dev.keelson.operator.reconcile;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Emits a Kubernetes Event on the user's object when its Ready condition changes status or
 * reason, when one of its several target clusters does (so that a rollout or an outage can be
 * followed cluster by cluster), and for what Keelson did beyond applying its spec; and only then:
 * a reconcile that changes nothing, or a restart over a converged platform, emits nothing.
 */
@ApplicationScoped
public class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  /**
   * The readiness last recorded per object UID: a reconcile that starts from a status older than
   * the one just written (the informer not having delivered it yet) must not record it twice.
   */
  private final Map<String, String> lastRecorded = BoundedMemory.byUid();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * An Event when the owner's readiness changes. Its first status is news only when it is Ready
   * or a warning: a new object that is progressing says so in its status, and an Event saying it
   * too would cost every new object one more write.
   */
  public void onReadyChange(HasMetadata owner, List<Condition> before, List<Condition> after) {
    var previous = Conditions.find(before, Conditions.READY);
    var current = Conditions.find(after, Conditions.READY).orElseThrow();
    if (previous.isPresent()
        && Objects.equals(previous.get().getStatus(), current.getStatus())
        && Objects.equals(previous.get().getReason(), current.getReason())) {
      return;
    }
    String state = current.getStatus() + "/" + current.getReason();
    String uid = owner.getMetadata().getUid();
    if (uid != null && state.equals(lastRecorded.put(uid, state))) return;
    boolean ready = Conditions.TRUE.equals(current.getStatus());
    String type = ready ? "Normal" : Reason.named(current.getReason()).eventType();
    if (previous.isEmpty() && !ready && "Normal".equals(type)) return;
    emit(owner, type, current.getReason(), current.getMessage());
  }

  /**
   * Each of the owner's clusters whose readiness or reason changed, when it runs on more than one
   * (with one, its Ready Event says it): a cluster that became unreachable, one that is back, a
   * rollout reaching each. A cluster seen for the first time is not a change.
   */
  public void onClustersChange(HasMetadata owner, List<ClusterStatus> before, List<ClusterStatus> after) {
    if (before == null || after == null || after.size() < 2) return;
    var previous = new HashMap<String, ClusterStatus>();
    before.forEach(c -> previous.put(c.name(), c));
    for (var cluster : after) {
      var was = previous.get(cluster.name());
      if (was == null || (Objects.equals(was.ready(), cluster.ready()) && Objects.equals(was.reason(), cluster.reason()))) continue;
      // Connecting (a restarted operator, a new kubeconfig) is not news; what the cluster is once connected is.
      if (connecting(cluster) || connecting(was)) continue;
      String state = cluster.ready() + "/" + cluster.reason();
      String uid = owner.getMetadata().getUid();
      if (uid != null && state.equals(lastRecorded.put(uid + "/" + cluster.name(), state))) continue;
      String type = Boolean.TRUE.equals(cluster.ready()) ? "Normal" : Reason.named(cluster.reason()).eventType();
      emit(owner, type, cluster.reason(), "cluster " + cluster.name() + ": " + cluster.message());
    }
  }

  private static boolean connecting(ClusterStatus cluster) {
    return Reason.CLUSTER_CONNECTING.toString().equals(cluster.reason());
  }

  /**
   * Something Keelson did for the owner beyond applying its spec (a WorkerPool's autoscaler changed
   * its count, its consumer group's offsets were carried over): why, with its numbers.
   */
  public void onAction(HasMetadata owner, Reason reason, String message) {
    emit(owner, reason.eventType(), reason.toString(), message);
  }

  void emit(HasMetadata owner, String type, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(owner.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
        .withNamespace(owner.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(owner.getApiVersion())
            .withKind(owner.getKind())
            .withName(owner.getMetadata().getName())
            .withNamespace(owner.getMetadata().getNamespace())
            .withUid(owner.getMetadata().getUid())
            .withResourceVersion(owner.getMetadata().getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(KeelsonLabels.MANAGER).endSource()
        .withReportingComponent(KeelsonLabels.MANAGER)
        .build();
    try {
      client.v1().events().inNamespace(owner.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy; failing to write one must not fail the reconcile.
      LOG.debugf("could not record event %s on %s/%s: %s", reason, owner.getKind(), owner.getMetadata().getName(), e.getMessage());
    }
  }
}
