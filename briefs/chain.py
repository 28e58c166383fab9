"""The link chain of a candidate for a brief: its nodes and edges, drawn as static SVG or as a
standalone interactive page (pyvis, every script inlined so it opens offline).
"""

from __future__ import annotations

import html
import re
from typing import Any

import networkx as nx

from cases import CandidateChains, ChainNode, ChainPath

from . import words

PROVENANCE_KEYS = ("uid", "agency", "sharing", "source_file", "source_record", "ingested_at", "updated_at",
                   "record_id")
COLOURS = {"Report": "#1f5f8b", "Person": "#6a4c93", "Remains": "#9b2226", "Sighting": "#2a9d8f",
           "Voyage": "#bc6c25", "Incident": "#e76f51", "DNAProfile": "#386641", "Place": "#6c757d",
           "Vessel": "#8d6e63"}
NODE_WIDTH, NODE_HEIGHT, LAYER_GAP, ROW_GAP, MARGIN = 150, 40, 60, 26, 16
# pyvis leaves CDN tags (Bootstrap, and the vis CSS in some modes) even when told to inline.
REMOTE_TAG = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
                        re.IGNORECASE)


def chain_of(found: CandidateChains | None, *, report_uid: str, own_people: set[str] | None, agency: str,
             band: str) -> dict[str, Any]:
    """Nodes and edges of a candidate's chains (None: the case has no chain to that candidate).

    With `own_people` (a family brief), a chain through another person or another report is left
    out: a family sees its own people and the records, not other families.
    """
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    if found is not None:
        paths = [p for p in found.chains if _allowed(p, report_uid, own_people, agency)] + found.missing
        for path in paths:
            for node in path.nodes:
                _add_node(nodes, node, report_uid)
            for link in path.links:
                key = (link.start, link.end, link.type)
                edges[key] = {"source": key[0], "target": key[1], "type": link.type, "dashed": False,
                              "words": words.link_words(link.type)}
        _add_node(nodes, found.report, report_uid)
        _add_node(nodes, found.target, report_uid, role="target")
        key = (found.report.key, found.target.key, "CANDIDATE")
        edges[key] = {"source": key[0], "target": key[1], "type": band or "candidate", "dashed": True,
                      "words": words.link_words(band or "candidate")}
    # in a fixed order, whatever order the database returned the paths in (the reference id hashes it)
    return {"nodes": [nodes[key] for key in sorted(nodes)], "edges": [edges[key] for key in sorted(edges)]}


def _allowed(path: ChainPath, report_uid: str, own_people: set[str] | None, agency: str) -> bool:
    for node in path.nodes:
        props = node.properties
        if props.get("sharing") == "agency" and props.get("agency") != agency:
            return False
        if own_people is None:
            continue
        if node.label == "Person" and props.get("uid") not in own_people:
            return False
        if node.label == "Report" and props.get("uid") != report_uid:
            return False
    return True


def _add_node(nodes: dict[str, dict[str, Any]], node: ChainNode, report_uid: str, role: str = "") -> None:
    props = node.properties
    # The record's uid, not the element id: a re-loaded graph must give the brief the same reference.
    entry = nodes.setdefault(node.key, {
        "id": node.key, "label": node.label, "kind": words.node_kind(node.label),
        "caption": words.node_caption(node.label, props) or node.caption, "uid": props.get("uid", ""),
        "role": "report" if props.get("uid") == report_uid else "",
        "provenance": {k: str(props[k]) for k in PROVENANCE_KEYS if k in props},
    })
    if role:
        entry["role"] = role


def _layers(chain: dict[str, Any]) -> dict[str, int]:
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in chain["nodes"])
    graph.add_edges_from((e["source"], e["target"]) for e in chain["edges"] if not e["dashed"])
    start = next((n["id"] for n in chain["nodes"] if n["role"] == "report"), None)
    depth = nx.single_source_shortest_path_length(graph, start) if start else {}
    deepest = max(depth.values(), default=0)
    layers = {}
    for node in chain["nodes"]:
        layers[node["id"]] = deepest + 1 if node["role"] == "target" and node["id"] not in depth \
            else depth.get(node["id"], deepest + 1)
    return layers


def svg(chain: dict[str, Any], rtl: bool = False) -> str:
    """The chain as a static SVG: the report at the start of the reading direction (on the left,
    or on the right for a language written right to left), the proposed record at its end."""
    if not chain["nodes"]:
        return ""
    layers = _layers(chain)
    columns: dict[int, list[dict[str, Any]]] = {}
    for node in sorted(chain["nodes"], key=lambda n: (layers[n["id"]], n["label"], n["caption"])):
        columns.setdefault(layers[node["id"]], []).append(node)
    order = sorted(columns)
    tallest = max(len(c) for c in columns.values())
    width = MARGIN * 2 + len(order) * NODE_WIDTH + (len(order) - 1) * LAYER_GAP
    height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP + 14
    where: dict[str, tuple[float, float]] = {}
    for index, layer in enumerate(order):
        column = columns[layer]
        top = (height - len(column) * NODE_HEIGHT - (len(column) - 1) * ROW_GAP) / 2
        for row, node in enumerate(column):
            x = float(MARGIN + index * (NODE_WIDTH + LAYER_GAP))
            where[node["id"]] = (width - x - NODE_WIDTH if rtl else x, top + row * (NODE_HEIGHT + ROW_GAP))
    reading = "rtl" if rtl else "ltr"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chain" viewBox="0 0 {width:.0f} {height:.0f}" '
             f'width="{width:.0f}" height="{height:.0f}" role="img" direction="{reading}" '
             'font-family="DejaVu Sans, Noto Sans Arabic, sans-serif" font-size="10">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
             f'<title>{html.escape(_in_words(columns, order))}</title>']
    for edge in chain["edges"]:
        parts.append(_edge_svg(edge, where))
    for node in chain["nodes"]:
        x, y = where[node["id"]]
        colour = COLOURS.get(node["label"], "#444")
        stroke = ' stroke="#000" stroke-width="2.5"' if node["role"] in ("report", "target") else ""
        text = node["caption"] if len(node["caption"]) <= 24 else node["caption"][:23] + "…"
        source = f' [{node["source"]}]' if node.get("source") else ""
        parts.append(f'<g><rect x="{x:.0f}" y="{y:.0f}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" '
                     f'fill="{colour}"{stroke}/>'
                     f'<text x="{x + NODE_WIDTH / 2:.0f}" y="{y + 16:.0f}" text-anchor="middle" fill="#fff" '
                     f'font-size="8">{html.escape(node["kind"])}{html.escape(source)}</text>'
                     f'<text x="{x + NODE_WIDTH / 2:.0f}" y="{y + 31:.0f}" text-anchor="middle" fill="#fff" '
                     f'font-weight="bold">{html.escape(text)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _in_words(columns: dict[int, list[dict[str, Any]]], order: list[int]) -> str:
    """The diagram's text alternative: its records in reading order, as a screen reader gives them."""
    return "; ".join(f'{node["kind"]}: {node["caption"]}' for layer in order for node in columns[layer])


def _edge_svg(edge: dict[str, Any], where: dict[str, tuple[float, float]]) -> str:
    (x1, y1), (x2, y2) = where[edge["source"]], where[edge["target"]]
    if x2 < x1:
        (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        start_marker, end_marker = ' marker-start="url(#arrow)"', ""
    else:
        start_marker, end_marker = "", ' marker-end="url(#arrow)"'
    ax, ay = x1 + NODE_WIDTH, y1 + NODE_HEIGHT / 2
    bx, by = x2, y2 + NODE_HEIGHT / 2
    if x1 == x2:  # same column: join bottom to top
        ax, ay, bx = x1 + NODE_WIDTH / 2, y1 + NODE_HEIGHT, x2 + NODE_WIDTH / 2
        by = y2 if y2 > y1 else y2 + NODE_HEIGHT
    dash = ' stroke-dasharray="5,4"' if edge["dashed"] else ""
    if edge["dashed"]:  # the candidate link arcs over the chain
        mid_y = min(ay, by) - 30
        line = (f'<path d="M {ax - NODE_WIDTH / 2:.0f} {ay - NODE_HEIGHT / 2:.0f} Q {(ax + bx) / 2:.0f} {mid_y:.0f} '
                f'{bx + NODE_WIDTH / 2:.0f} {by - NODE_HEIGHT / 2:.0f}" fill="none" stroke="#9b2226" stroke-width="1.5"'
                f'{dash}/>')
        label_x, label_y = (ax + bx) / 2, max(mid_y + 12, 10)
    else:
        line = (f'<line x1="{ax:.0f}" y1="{ay:.0f}" x2="{bx:.0f}" y2="{by:.0f}" stroke="#555" stroke-width="1.2"'
                f'{start_marker}{end_marker}/>')
        label_x, label_y = (ax + bx) / 2, (ay + by) / 2 - 3
    return (f'{line}<text x="{label_x:.0f}" y="{label_y:.0f}" text-anchor="middle" fill="#333" font-size="7">'
            f'{html.escape(edge["words"])}</text>')


def interactive_html(chain: dict[str, Any], title: str) -> str:
    """A standalone page to explore the chain (drag, zoom, hover for sources); nothing is fetched."""
    from pyvis.network import Network

    network = Network(height="640px", width="100%", directed=True, cdn_resources="in_line", heading="")
    tips = {node["id"]: "\n".join(filter(None, [node["kind"], node["uid"], node.get("agency", ""),
                                                f"source [{node['source']}]" if node.get("source") else ""]))
            for node in chain["nodes"]}
    # vis.js shows a text title as text, but pyvis switches every tooltip to innerHTML as soon as one
    # title contains "href" (a record id can): then the titles must be escaped HTML.
    if any("href" in tip for tip in tips.values()):
        tips = {key: html.escape(tip).replace("\n", "<br>") for key, tip in tips.items()}
    for node in chain["nodes"]:
        network.add_node(node["id"], label=node["caption"], title=tips[node["id"]],
                         color=COLOURS.get(node["label"], "#444"), shape="box", font={"color": "#ffffff"},
                         borderWidth=3 if node["role"] in ("report", "target") else 1)
    for edge in chain["edges"]:
        network.add_edge(edge["source"], edge["target"], label=edge["words"],
                         dashes=edge["dashed"], arrows="" if edge["dashed"] else "to")
    page = network.generate_html(name="chain.html", notebook=False)
    page = REMOTE_TAG.sub("", page)
    page = page.replace("<head>", f'<head>\n<title>{html.escape(title)}</title>', 1)
    return page
