package dev.keelson.kubectl;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One line of {@code kubectl keelson status}: a Keelson object, a target cluster, a data service, a
 * topic or an object Keelson made, with its state and, under it, what it is made of.
 *
 * @param apiVersion of a Kubernetes object, null for a cluster, a data service, a topic
 * @param state as its own tool says it: a Keelson object's Ready (Ready, NotReady, Stalled, Paused),
 *     kstatus's for the objects Keelson made (Current, InProgress, Failed), or Ready/NotReady
 * @param ok whether this node is as it should be
 * @param reason its CamelCase reason, when it has one
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Node(String apiVersion, String kind, String name, String state, boolean ok, String reason, String message, List<Node> children) {
  public Node {
    children = children == null ? List.of() : List.copyOf(children);
  }

  /** The path to the deepest node that is not ok under this one, through the first such child at each level; empty when all is well. */
  @JsonIgnore
  public List<Node> stuckPath() {
    if (ok && children.stream().allMatch(c -> c.stuckPath().isEmpty())) return List.of();
    for (var child : children) {
      var below = child.stuckPath();
      if (!below.isEmpty()) {
        var path = new java.util.ArrayList<Node>();
        path.add(this);
        path.addAll(below);
        return path;
      }
    }
    return List.of(this);
  }
}
