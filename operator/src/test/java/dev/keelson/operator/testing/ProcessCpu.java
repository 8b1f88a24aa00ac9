package dev.keelson.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time (user + system) of processes on this machine, from /proc: what a benchmark's parts cost. */
public final class ProcessCpu {
  /** USER_HZ: the unit of /proc/PID/stat's times on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** CPU seconds of one process. */
  public static double of(long pid) {
    try {
      return seconds(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
    }
  }

  /** CPU seconds of every process whose command name is one of {@code names} (e.g. kube-apiserver, etcd). */
  public static double named(String... names) {
    var wanted = java.util.Set.of(names);
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).mapToDouble(p -> {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          return wanted.contains(command) ? seconds(stat) : 0;
        } catch (IOException | RuntimeException gone) {
          return 0; // the process ended meanwhile
        }
      }).sum();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }

  /** utime + stime (fields 14 and 15 of /proc/PID/stat, counted after the command's closing parenthesis). */
  static double seconds(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
