import { describe, expect, it } from 'vitest';
import { TabWriter, tabulate } from './tabwriter';

describe('TabWriter', () => {
  it('pads every column but the last to max+3, at least 6', () => {
    expect(tabulate([['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['web-1', '1/1', 'Running', '0', '5s']])).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          5s\n',
    );
    expect(tabulate([['a', 'b'], ['c', 'd']])).toBe('a     b\nc     d\n');
  });
  it('aligns describe blocks separately: lines without tabs end a block, as in Go', () => {
    const w = new TabWriter(0, 2);
    w.write('Name:\tweb\nNamespace:\tdefault\nLabels:\tapp=web\n\ttier=fe\nContainers:\n  app:\n    Image:\tnginx\n    Container ID:\t\nEvents:\t<none>\n');
    expect(w.flush()).toBe(
      'Name:       web\nNamespace:  default\nLabels:     app=web\n            tier=fe\nContainers:\n  app:\n    Image:         nginx\n    Container ID:  \nEvents:            <none>\n',
    );
  });
});
