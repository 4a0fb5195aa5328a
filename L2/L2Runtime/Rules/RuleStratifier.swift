/// A group of mutually recursive predicates, evaluated together to a fixed point before any stratum that
/// depends on it.
struct RuleStratum: Hashable, Sendable {
    /// The predicates defined in this stratum (membership only; never iterated).
    var predicates: Set<PredicateKey>
    /// The indexes of the clauses whose head is in this stratum, in source order.
    var clauses: [Int]
}

/// Stratification: the predicate dependency graph (head → body predicate, marked when negated) is split into
/// strongly connected components (Tarjan); a negated edge inside a component means the program's negation
/// is not stratifiable. Components come out dependencies first, which is the evaluation order.
enum RuleStratifier {
    static func strata(of clauses: [RuleClause]) throws(RuleError) -> [RuleStratum] {
        var defined: [PredicateKey: [Int]] = [:]
        for clause in clauses {
            defined[clause.head.predicate, default: []].append(clause.index)
        }
        let nodes = defined.keys.sorted()
        var number: [PredicateKey: Int] = [:]
        for (index, key) in nodes.enumerated() {
            number[key] = index
        }
        // Edges by node number: (target, negated), sorted and unique.
        var edges = [[Edge]](repeating: [], count: nodes.count)
        for clause in clauses {
            guard let from = number[clause.head.predicate] else { continue }
            for literal in clause.body {
                switch literal {
                case .positive(let atom):
                    if let to = number[atom.predicate] { edges[from].append(Edge(to: to, negated: false)) }
                case .negative(let atom):
                    if let to = number[atom.predicate] { edges[from].append(Edge(to: to, negated: true)) }
                case .comparison: continue
                }
            }
        }
        for index in edges.indices {
            edges[index] = Array(Set(edges[index])).sorted()
        }
        var tarjan = Tarjan(edges: edges)
        for node in nodes.indices where tarjan.index[node] == nil {
            tarjan.visit(node)
        }
        var strata: [RuleStratum] = []
        for component in tarjan.components {
            var members = [Bool](repeating: false, count: nodes.count)
            for node in component { members[node] = true }
            let negatedInside = component.contains { node in edges[node].contains { $0.negated && members[$0.to] } }
            if negatedInside {
                throw .notStratifiable(cycle: component.sorted().map { nodes[$0].description })
            }
            let keys = component.map { nodes[$0] }
            let clauseIndexes = keys.flatMap { defined[$0] ?? [] }.sorted()
            strata.append(RuleStratum(predicates: Set(keys), clauses: clauseIndexes))
        }
        return strata
    }

    private struct Edge: Hashable, Comparable {
        var to: Int
        var negated: Bool

        static func < (lhs: Edge, rhs: Edge) -> Bool {
            (lhs.to, lhs.negated ? 1 : 0) < (rhs.to, rhs.negated ? 1 : 0)
        }
    }

    private struct Tarjan {
        let edges: [[Edge]]
        var index: [Int?]
        var lowLink: [Int]
        var onStack: [Bool]
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []

        init(edges: [[Edge]]) {
            self.edges = edges
            index = Array(repeating: nil, count: edges.count)
            lowLink = Array(repeating: 0, count: edges.count)
            onStack = Array(repeating: false, count: edges.count)
        }

        mutating func visit(_ node: Int) {
            index[node] = counter
            lowLink[node] = counter
            counter += 1
            stack.append(node)
            onStack[node] = true
            for edge in edges[node] {
                if let seen = index[edge.to] {
                    if onStack[edge.to] {
                        lowLink[node] = min(lowLink[node], seen)
                    }
                } else {
                    visit(edge.to)
                    lowLink[node] = min(lowLink[node], lowLink[edge.to])
                }
            }
            guard lowLink[node] == index[node] else { return }
            var component: [Int] = []
            while let top = stack.popLast() {
                onStack[top] = false
                component.append(top)
                if top == node { break }
            }
            components.append(component)
        }
    }
}
