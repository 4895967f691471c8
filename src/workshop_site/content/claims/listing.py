"""The claims page's list: each claim's line, its check, the sentences that make it, then every check's code."""

from __future__ import annotations

from docutils import nodes

from workshop_site.content.claims import collector


def list_nodes(env, builder, checks: dict[str, dict], here: str) -> list[nodes.Node]:
    said_on: dict[str, list[tuple[str, str]]] = {}
    for doc, sentences in sorted(collector.sentences_of(env).items()):
        for found in sentences:
            if found["anchor"]:
                said_on.setdefault(found["claim"], []).append((doc, found["anchor"]))
    total = nodes.paragraph(text=f"{len(checks)} claims, each checked by running the code under it when this site was built.",
                            classes=["claims-total"])
    claims = nodes.bullet_list(classes=["claims-list"])
    code = nodes.container(classes=["claims-code"])
    for claim, check in checks.items():
        item = nodes.list_item(ids=[claim])
        line = nodes.paragraph()
        line += nodes.Text(check["summary"] + " Checked by ")
        line += nodes.reference("", "", nodes.literal(text=check["function"]), internal=True, refuri=f"#check-{claim}")
        line += nodes.Text("; said on ")
        pages: dict[str, list[str]] = {}
        for doc, anchor in said_on.get(claim, []):
            pages.setdefault(doc, []).append(anchor)
        for index, (doc, anchors) in enumerate(pages.items()):
            title = env.titles[doc].astext() if doc in env.titles else doc
            uri = builder.get_relative_uri(here, doc)
            line += nodes.Text(", " if index else "")
            line += nodes.reference("", title, internal=True, refuri=f"{uri}#{anchors[0]}")
            # The page's further sentences with the same claim, numbered (their anchors end in -2, -3, ...).
            for number, anchor in enumerate(anchors[1:], start=2):
                line += nodes.Text(", ")
                line += nodes.reference("", f"sentence {number}", internal=True, refuri=f"{uri}#{anchor}")
        line += nodes.Text(".")
        item += line
        claims += item
        code += nodes.literal_block(check["source"], check["source"], language="python", ids=[f"check-{claim}"])
    heading = nodes.rubric(text="The checks")
    return [total, claims, heading, code]
