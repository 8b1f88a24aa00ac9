package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcileGateTest {

  /** Starts n reconciles that hold their turn until released; how many got a turn. */
  static final class Reconciles {
    final AtomicInteger inTurn = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final ArrayList<Thread> threads = new ArrayList<>();

    Reconciles(ReconcileGate gate, int n) {
      for (int i = 0; i < n; i++) {
        var thread = new Thread(() -> {
          try (var turn = gate.enter()) {
            inTurn.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        thread.start();
        threads.add(thread);
      }
    }

    int settle() throws InterruptedException {
      int last = -1;
      while (last != inTurn.get()) {
        last = inTurn.get();
        Thread.sleep(300);
      }
      return last;
    }

    void finish() throws InterruptedException {
      release.countDown();
      for (var t : threads) t.join(10_000);
    }
  }

  @Test
  void whileInputArrivesFastOnlyAFewReconcileAndWhenItStopsTheRestGoOn() throws Exception {
    var arrivals = new AtomicInteger(500);
    var gate = new ReconcileGate(arrivals::get, 20, 2);
    var reconciles = new Reconciles(gate, 6);
    assertThat(reconciles.settle()).isEqualTo(2);
    arrivals.set(3);
    assertThat(reconciles.settle()).as("the input stopped: the waiting ones run").isEqualTo(6);
    reconciles.finish();
  }

  @Test
  void aQuietInputLimitsNothing() throws Exception {
    var gate = new ReconcileGate(() -> 5, 20, 2);
    var reconciles = new Reconciles(gate, 8);
    assertThat(reconciles.settle()).isEqualTo(8);
    reconciles.finish();
  }

  @Test
  void aBusyRateOfZeroSwitchesTheGateOff() throws Exception {
    var gate = new ReconcileGate(() -> 10_000, 0, 1);
    var reconciles = new Reconciles(gate, 4);
    assertThat(reconciles.settle()).isEqualTo(4);
    reconciles.finish();
  }

  @Test
  void noReconcileAtAllWhileBusyIsRefused() {
    assertThatThrownBy(() -> new ReconcileGate(() -> 0, 20, 0)).hasMessageContaining("keelson.input.reconciles-while-busy");
  }

  @Test
  void theRateCountsTheCurrentSecondAndTheOneBefore() {
    var rate = new InputRate();
    for (int i = 0; i < 30; i++) rate.arrived();
    // Split across a second boundary at worst: the fuller bucket then holds at least half.
    assertThat(rate.perSecond()).isGreaterThanOrEqualTo(15);
  }
}
