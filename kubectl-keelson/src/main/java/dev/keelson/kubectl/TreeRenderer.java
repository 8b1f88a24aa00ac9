package dev.keelson.kubectl;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tree {@code kubectl keelson status} prints: one line per node, its state and why, the
 * deepest node that is not as it should be on each stuck branch marked, and under the tree each
 * such node's full reason and message with the path to it.
 */
final class TreeRenderer {
  static final int SHORT_MESSAGE = 90;
  static final String STUCK = "  <- stuck here";

  private final boolean wide;

  TreeRenderer(boolean wide) {
    this.wide = wide;
  }

  String render(List<Node> roots) {
    if (roots.isEmpty()) return "No Platform, Service or WorkerPool found.\n";
    var out = new StringBuilder();
    for (var root : roots) {
      var stuck = stuckNodes(root);
      line(out, "", "", root, stuck);
      children(out, "", root, stuck);
      var paths = stuckPaths(root);
      if (!paths.isEmpty()) {
        out.append('\n');
        for (var path : paths) {
          var last = path.get(path.size() - 1);
          out.append("stuck: ").append(path.stream().map(TreeRenderer::label).collect(Collectors.joining(" > "))).append('\n')
              .append("  ").append(last.state()).append(last.reason() == null ? "" : " " + last.reason()).append(": ")
              .append(last.message()).append('\n');
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  private void children(StringBuilder out, String indent, Node node, Set<Node> stuck) {
    for (int i = 0; i < node.children().size(); i++) {
      var child = node.children().get(i);
      boolean last = i == node.children().size() - 1;
      line(out, indent, last ? "`- " : "|- ", child, stuck);
      children(out, indent + (last ? "   " : "|  "), child, stuck);
    }
  }

  private void line(StringBuilder out, String indent, String branch, Node node, Set<Node> stuck) {
    out.append(indent).append(branch).append(label(node)).append("  ").append(node.state());
    String why = (node.reason() == null ? "" : node.reason() + ": ") + (node.message() == null ? "" : node.message());
    if (!why.isEmpty()) out.append("  ").append(wide || why.length() <= SHORT_MESSAGE ? why : why.substring(0, SHORT_MESSAGE - 3) + "...");
    if (stuck.contains(node)) out.append(STUCK);
    out.append('\n');
  }

  private static String label(Node node) {
    return node.name().isEmpty() ? node.kind() : node.kind() + " " + node.name();
  }

  /** On each top-level branch that is not as it should be (a cluster, the data services, a workload), the path to its deepest such node. */
  private static List<List<Node>> stuckPaths(Node root) {
    var paths = root.children().stream().map(Node::stuckPath).filter(p -> !p.isEmpty())
        .map(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(root), p.stream()).toList()).toList();
    if (paths.isEmpty() && !root.ok()) return List.of(List.of(root));
    return paths;
  }

  private static Set<Node> stuckNodes(Node root) {
    return stuckPaths(root).stream().map(p -> p.get(p.size() - 1)).collect(Collectors.toCollection(() -> java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>())));
  }
}
