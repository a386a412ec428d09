package io.sparkplane.triage.detect;

import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import java.util.List;

/** Local disks (spill, shuffle, cache) that filled up. */
public final class DiskFullDetector implements Detector {

  static final List<Signature> SIGNATURES =
      List.of(
          Signature.of(
              TriageClass.DISK_FULL,
              "No space left on device|ENOSPC|Disk quota exceeded",
              0.97,
              "Local disk full"));

  @Override
  public List<Finding> detect(RunFacts run) {
    return Signature.first(run, SIGNATURES, false).stream().toList();
  }
}
