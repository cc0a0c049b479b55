"""Import-graph figures of a checkout: circles between modules, imports that climb a floor or cross between the
apps that share one, and imports placed inside functions. Tests and migrations are left out.

    .venv/bin/python scripts/import_graph.py [CHECKOUT]      (default: this checkout)

The floors are the README's (Layout); the old paths `enterprises.declarations` and `enterprises.quotas` are mapped
to the floors they moved to, so a checkout from before the layering can be measured the same way. Uses grimp, the
graph library import-linter is built on (installed with it)."""

import ast
import sys
from pathlib import Path

import grimp

FLOORS = {  # package prefix → floor (higher is further up); the longest matching prefix wins
    "guilin_zjtx": 6, "portal": 5, "dashboards": 5, "enterprises.quotas": 5,
    "liaison": 4, "finance": 4, "declarations": 4, "enterprises.declarations": 4,
    "awards": 3, "enterprises": 2, "policy": 1, "audit": 0,
}
TOP_PACKAGES = sorted({prefix.split(".")[0] for prefix in FLOORS})


def home(module):
    """(app, floor) of a module: the longest prefix of FLOORS it lies under."""
    prefix = max((p for p in FLOORS if module == p or module.startswith(p + ".")), key=len)
    return prefix, FLOORS[prefix]


def left_out(module):
    return ".tests" in module or ".migrations" in module


def circles(edges):
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(edges[child])))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def imports_inside_functions(checkout):
    """(path, line) of every import statement inside a function of our packages."""
    found = []
    for package in TOP_PACKAGES:
        for path in sorted((checkout / package).rglob("*.py")) if (checkout / package).is_dir() else []:
            if {"tests", "migrations"} & set(path.parts):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found += [(path.relative_to(checkout), node.lineno) for node in ast.walk(function)
                              if isinstance(node, (ast.Import, ast.ImportFrom))]
    return sorted(set(found))


def main(checkout):
    sys.path.insert(0, str(checkout))
    packages = [p for p in TOP_PACKAGES if (checkout / p / "__init__.py").exists()]
    graph = grimp.build_graph(*packages)
    modules = {m for m in graph.modules if not left_out(m)}
    edges = {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in modules) for m in modules}
    upward = [(a, b) for a in sorted(modules) for b in edges[a] if home(a)[1] < home(b)[1]]
    across = [(a, b) for a in sorted(modules) for b in edges[a]
              if home(a)[1] == home(b)[1] and home(a)[0] != home(b)[0]]
    found_circles = circles(edges)
    inside = imports_inside_functions(checkout)
    print(f"{len(modules)} modules, {sum(map(len, edges.values()))} imports between them")
    print(f"circles: {len(found_circles)}")
    for component in found_circles:
        print("   " + " ↔ ".join(component))
    print(f"upward imports: {len(upward)}")
    for a, b in upward:
        print(f"   {a} -> {b}")
    print(f"imports between apps of one floor: {len(across)}")
    for a, b in across:
        print(f"   {a} -> {b}")
    print(f"imports inside functions: {len(inside)}")
    for path, line in inside:
        print(f"   {path}:{line}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent).resolve())
