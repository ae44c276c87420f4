"""Entity extraction speed on the corpus reports (CPU time, best of 7, after
start-up). Run: .venv/bin/python bench/entities_speed.py [../shared/corpus]"""
import glob
import sys
import time
from luoshi import entities
entities.extract("落实省委“双统筹”部署")
tot=0; n=0
for f in sorted(glob.glob((sys.argv[1] if len(sys.argv) > 1 else '../shared/corpus') + '/*.txt')):
    t=open(f).read()
    ts=[]
    for _ in range(7):
        t0=time.process_time(); entities.extract(t); ts.append(time.process_time()-t0)
    b=min(ts); tot+=b; n+=len(t)
    print(f.split('/')[-1][:30], len(t), f'{b*1000:.1f}ms', f'{b*1000*20000/len(t):.1f}ms/20k')
print('overall', f'{tot*1000*20000/n:.1f} ms per 20k chars')
