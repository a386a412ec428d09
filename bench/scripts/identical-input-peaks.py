#!/usr/bin/env python3
# Counts the estimator fixture's training runs (the first 105 by end time) that share identical inputs,
# and how many such groups report a single peak execution memory. Cited in docs/estimator.md.
#   python3 bench/scripts/identical-input-peaks.py estimator-trainer/src/test/resources/real-runs.ndjson.gz
import gzip, json, collections, sys
rows=[json.loads(l) for l in gzip.open(sys.argv[1])]
def end(r):
    for e in r['events']:
        if e['type']=='RUN_FINISHED': return e['summary']
rows.sort(key=lambda r: end(r)['timing']['endTimeMs'] if end(r) else 0)
train=rows[:105]
g=collections.defaultdict(list)
for r in train:
    q=dict(r['request']); q.pop('runId',None)
    s=end(r)
    if not s: continue
    g[json.dumps(q,sort_keys=True)].append(s['totals']['peakExecutionMemoryBytes'])
multi={k:v for k,v in g.items() if len(v)>1}
print("training runs",len(train),"groups with >1 identical-input run",len(multi),"runs in them",sum(len(v) for v in multi.values()),"groups with one distinct peak",sum(1 for v in multi.values() if len(set(v))==1))
