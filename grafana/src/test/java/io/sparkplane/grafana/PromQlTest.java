package io.sparkplane.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading dashboard PromQL")
class PromQlTest {

  @Test
  @DisplayName("finds the metric and rule names, not functions, labels, keywords, strings or variables")
  void metricNames() {
    String expr =
        "sum by (region, le) (rate(sparkplane_runs_finished_total{region=~\"$region\", status=\"up\"}[$__rate_interval]))"
            + " / on (region) group_left (tenant) region:sparkplane_runs_counted:increase5m offset 10m"
            + " or vector(0.9995) > bool 1e3 and histogram_quantile(0.99, x_bucket)";
    assertThat(PromQl.metricNames(expr))
        .containsExactly(
            "sparkplane_runs_finished_total", "region:sparkplane_runs_counted:increase5m", "x_bucket");
  }

  @Test
  @DisplayName("accepts counters inside rate, increase and irate, and flags raw ones")
  void unratedCounters() {
    assertThat(PromQl.unratedCounters("sum(rate(a_total{x=\"1\"}[$__rate_interval])) / sum(increase(b_bucket[5m]))"))
        .isEmpty();
    assertThat(PromQl.unratedCounters("sum(a_total) + rate(b_count[1m]) + sum_over_time(c_sum[1m]) + d_max"))
        .containsExactly("a_total", "c_sum");
    assertThat(PromQl.unratedCounters("rate(a_total)")).containsExactly("a_total");
  }

  @Test
  @DisplayName("reads each rate's window")
  void rateWindows() {
    assertThat(PromQl.rateWindows("rate(a_total{x=\"]\"}[$__rate_interval]) + increase(b_total[ $__range ])"))
        .extracting(w -> w[0] + " " + w[1])
        .containsExactly("rate $__rate_interval", "increase $__range");
  }

  @Test
  @DisplayName("lists dashboard variables but not Grafana's built-in ones")
  void variables() {
    assertThat(PromQl.variables("a{r=~\"$region\", t=\"${tenant}\"}[$__rate_interval]")).containsExactly("region", "tenant");
  }
}
