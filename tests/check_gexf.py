#!/usr/bin/env python3
"""check_gexf.py RUN_DIR: network.gexf reads with networkx and keeps GEXF 1.2's structure.

Checks, failing with a message on the first problem:
- networkx.read_gexf reads it: every node, every edge with a numeric weight;
- the GEXF 1.2 (draft) structure: root <gexf version="1.2"> in its namespace, one
  <graph> with mode and defaultedgetype, <attributes> declaring every attvalue's
  `for`, nodes with unique ids and labels, edges whose source and target are
  nodes, closed intervals only (start and end, never startopen/endopen), each
  inside the graph's and, for an attvalue, inside its element's interval, the
  attvalues of one attribute not overlapping, viz colours 0-255 and positions;
- every node has trust, motivation and flow from its first week;
- the ids are the partner uids of network.jsonl and events.csv;
- the model's ties between partners: manufacturers -> logistics -> firm.
"""
import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

NS = "http://www.gexf.net/1.2draft"
VIZ = "http://www.gexf.net/1.2draft/viz"


def fail(msg):
    print("check_gexf: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def interval(el, what):
    if "startopen" in el.attrib or "endopen" in el.attrib:
        fail(f"{what}: an open interval")
    if "start" not in el.attrib or "end" not in el.attrib:
        fail(f"{what}: no closed interval (start and end)")
    s, e = int(el.get("start")), int(el.get("end"))
    if s > e:
        fail(f"{what}: start {s} after end {e}")
    return s, e


def main(run):
    import networkx as nx

    path = os.path.join(run, "network.gexf")
    G = nx.read_gexf(path)

    root = ET.parse(path).getroot()
    if root.tag != f"{{{NS}}}gexf" or root.get("version") != "1.2":
        fail(f"root is {root.tag} version {root.get('version')}")
    graphs = root.findall(f"{{{NS}}}graph")
    if len(graphs) != 1:
        fail(f"{len(graphs)} graph elements")
    g = graphs[0]
    if g.get("mode") != "dynamic" or g.get("defaultedgetype") != "directed":
        fail("graph is not dynamic and directed")
    if g.get("timeformat") not in ("integer", "double"):
        fail(f"timeformat {g.get('timeformat')}")
    g0, g1 = interval(g, "graph")
    declared = {"node": set(), "edge": set()}
    for a in g.findall(f"{{{NS}}}attributes"):
        if a.get("class") not in declared or a.get("mode") not in ("static", "dynamic"):
            fail(f"attributes class {a.get('class')} mode {a.get('mode')}")
        for at in a.findall(f"{{{NS}}}attribute"):
            if not at.get("id") or not at.get("title") or not at.get("type"):
                fail("an attribute without id, title or type")
            declared[a.get("class")].add(at.get("id"))

    def attvalues(el, cls, what, span):
        seen = {}
        av = el.find(f"{{{NS}}}attvalues")
        for v in (av.findall(f"{{{NS}}}attvalue") if av is not None else []):
            key = v.get("for")
            if key not in declared[cls]:
                fail(f"{what}: attvalue for undeclared '{key}'")
            if "start" in v.attrib or "end" in v.attrib or "endopen" in v.attrib:
                s, e = interval(v, f"{what} {key}")
                if s < span[0] or e > span[1]:
                    fail(f"{what} {key}: [{s}, {e}] outside [{span[0]}, {span[1]}]")
                for (s2, e2) in seen.get(key, []):
                    if s <= e2 and s2 <= e:
                        fail(f"{what} {key}: [{s}, {e}] overlaps [{s2}, {e2}]")
                seen.setdefault(key, []).append((s, e))
        return seen

    nodes = {}
    for n in g.find(f"{{{NS}}}nodes").findall(f"{{{NS}}}node"):
        nid = n.get("id")
        if nid in nodes:
            fail(f"node id {nid} twice")
        if n.get("label") is None:
            fail(f"node {nid} has no label")
        span = interval(n, f"node {nid}")
        if span[0] < g0 or span[1] > g1:
            fail(f"node {nid} outside the graph's interval")
        dyn = attvalues(n, "node", f"node {nid}", span)
        for key in ("trust", "motivation", "flow"):
            if key not in dyn or min(s for s, _ in dyn[key]) != span[0]:
                fail(f"node {nid}: no {key} from its first week {span[0]}")
        col = n.find(f"{{{VIZ}}}color")
        pos = n.find(f"{{{VIZ}}}position")
        if col is None or pos is None:
            fail(f"node {nid}: no viz:color or viz:position")
        if not all(0 <= int(col.get(c)) <= 255 for c in "rgb"):
            fail(f"node {nid}: colour out of range")
        float(pos.get("x")), float(pos.get("y"))
        statics = {v.get("for"): v.get("value")
                   for v in n.find(f"{{{NS}}}attvalues").findall(f"{{{NS}}}attvalue")
                   if "start" not in v.attrib}
        nodes[nid] = (span, statics)
    kinds = set()
    for e in g.find(f"{{{NS}}}edges").findall(f"{{{NS}}}edge"):
        s, t = e.get("source"), e.get("target")
        if s not in nodes or t not in nodes:
            fail(f"edge {e.get('id')}: {s} -> {t} is not between nodes")
        span = interval(e, f"edge {e.get('id')}")
        for end in (s, t):
            if span[0] < nodes[end][0][0] or span[1] > nodes[end][0][1]:
                fail(f"edge {e.get('id')}: outside node {end}'s life")
        float(e.get("weight"))
        attvalues(e, "edge", f"edge {e.get('id')}", span)
        roles = (nodes[s][1].get("role"), nodes[t][1].get("role"))
        kinds.add(roles)

    if G.number_of_nodes() != len(nodes):
        fail(f"networkx reads {G.number_of_nodes()} nodes, the file has {len(nodes)}")
    for u, v, d in G.edges(data=True):
        if not isinstance(d.get("weight"), float):
            fail(f"networkx: edge {u} -> {v} has no numeric weight")
    if "0" not in nodes or nodes["0"][1].get("role") != "focal_firm":
        fail("node 0 is not the focal firm")

    # one identity: the uids of network.jsonl and events.csv
    uids = set()
    with open(os.path.join(run, "network.jsonl")) as f:
        for line in f:
            uids.update(str(n["id"]) for n in json.loads(line)["nodes"])
    if not uids <= set(nodes):
        fail(f"network.jsonl ids missing from the GEXF: {sorted(uids - set(nodes))[:5]}")
    with open(os.path.join(run, "events.csv"), newline="") as f:
        joined = [r for r in csv.DictReader(f) if r["kind"] == "new_partner"]
    labels = {n.get("id"): n.get("label") for n in g.find(f"{{{NS}}}nodes")}
    for r in joined:
        if r["partner_id"] in labels and labels[r["partner_id"]] != r["partner"]:
            fail(f"uid {r['partner_id']}: {labels[r['partner_id']]} in the GEXF, "
                 f"{r['partner']} in events.csv")

    roles = {st.get("role") for _, st in nodes.values()}
    if {"hardware_manufacturer", "logistics_provider"} <= roles:
        if ("hardware_manufacturer", "logistics_provider") not in kinds:
            fail("no manufacturer -> logistics tie")
        if ("logistics_provider", "focal_firm") not in kinds:
            fail("no logistics -> firm tie")
    print(f"check_gexf: ok: {len(nodes)} nodes, {G.number_of_edges()} edges, "
          f"networkx {nx.__version__}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
