package io.sparkplane.estimator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Isotonic regression")
class IsotonicTest {

  @Test
  @DisplayName("pools adjacent points that decrease into their weighted mean and keeps increasing ones as they are")
  void poolsViolators() {
    double[][] curve =
        Isotonic.fit(List.of(new double[] {3, 2}, new double[] {1, 1}, new double[] {4, 5}, new double[] {2, 3}));

    assertThat(curve[0]).containsExactly(1, 2, 3, 4);
    assertThat(curve[1]).containsExactly(1, 2.5, 2.5, 5);
  }

  @Test
  @DisplayName("weights each distinct x by its number of points and keeps only the ends of a flat stretch")
  void weightsAndFlatStretches() {
    double[][] curve =
        Isotonic.fit(
            List.of(
                new double[] {1, 4}, new double[] {1, 4}, new double[] {2, 1}, // pooled: (4+4+1)/3 = 3
                new double[] {3, 3}, new double[] {4, 3}, new double[] {5, 6}));

    assertThat(curve[0]).containsExactly(1, 4, 5);
    assertThat(curve[1]).containsExactly(3, 3, 6);
  }

  @Test
  @DisplayName("refuses an empty set of points")
  void empty() {
    assertThatThrownBy(() -> Isotonic.fit(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
