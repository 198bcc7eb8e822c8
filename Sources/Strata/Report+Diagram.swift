public import StrataCore

/// An entity-relationship diagram of a schema, laid out by Strata itself (no Graphviz): tables
/// as boxes with their columns, grouped by schema (or, in one schema, by table-name prefix),
/// related tables placed next to each other, foreign keys as curves between the boxes.
///
/// The layout is a pure function of the schema: the same schema gives the same picture.
extension Strata.Report {
    public struct Diagram: Sendable, Hashable, Codable {
        /// One table's box.
        public struct Box: Sendable, Hashable, Codable {
            /// `schema.table` (or `table` on SQLite).
            public var name: String
            public var group: String
            public var x: Int
            public var y: Int
            public var width: Int
            public var height: Int
            /// The columns shown: name, type, and markers (`PK`, `FK`, `NN`).
            public var rows: [Row]
            /// Columns left out of a very wide table.
            public var hidden: Int
        }

        public struct Row: Sendable, Hashable, Codable {
            public var name: String
            public var type: String
            public var marks: String
        }

        /// A group's frame around its boxes.
        public struct Frame: Sendable, Hashable, Codable {
            public var name: String
            public var x: Int
            public var y: Int
            public var width: Int
            public var height: Int
        }

        /// A foreign key: an SVG path from the referencing box to the referenced one.
        public struct Edge: Sendable, Hashable, Codable {
            public var from: String
            public var to: String
            public var path: String
        }

        public var boxes: [Box] = []
        public var frames: [Frame] = []
        public var edges: [Edge] = []
        public var width = 0
        public var height = 0

        static let rowHeight = 18
        static let headerHeight = 26
        static let maxRows = 16
        static let gap = 36
        static let margin = 24

        /// Lays out `schema`.
        public init(_ schema: DatabaseSchema) {
            let tables = schema.tables
            let names = tables.map(Self.name)
            let groups = Self.groups(tables)
            var boxes: [String: Box] = [:]
            for table in tables {
                boxes[Self.name(table)] = Self.box(table, group: groups[Self.name(table)] ?? "")
            }
            var members: [String: [String]] = [:]
            for name in names { members[groups[name] ?? "", default: []].append(name) }
            let related = Self.neighbours(tables)
            // Each group's boxes in rows, related tables side by side; then the groups themselves.
            var placedGroups: [(name: String, width: Int, height: Int, boxes: [Box])] = []
            for (group, list) in members {
                let ordered = Self.order(list, related: related)
                let laid = Self.shelves(ordered.compactMap { boxes[$0] })
                placedGroups.append((group, laid.width, laid.height, laid.boxes))
            }
            placedGroups.sort { ($0.boxes.count, $1.name) > ($1.boxes.count, $0.name) }
            let area = placedGroups.reduce(0) { $0 + ($1.width + Self.gap * 2) * ($1.height + Self.gap * 2) }
            let rowWidth = max(placedGroups.map(\.width).max() ?? 0, Int(Double(area).squareRoot() * 1.6))
            var x = Self.margin
            var y = Self.margin
            var shelf = 0
            for group in placedGroups {
                if x > Self.margin, x + group.width > rowWidth {
                    x = Self.margin
                    y += shelf + Self.gap * 2
                    shelf = 0
                }
                let frameX = x
                let frameY = y
                frames.append(Frame(name: group.name, x: frameX, y: frameY, width: group.width + Self.gap, height: group.height + Self.gap + 12))
                for var box in group.boxes {
                    box.x += frameX + Self.gap / 2
                    box.y += frameY + Self.gap / 2 + 12
                    self.boxes.append(box)
                }
                x += group.width + Self.gap * 2
                shelf = max(shelf, group.height + Self.gap + 12)
                width = max(width, x)
            }
            height = y + shelf + Self.margin
            let placed = Dictionary(self.boxes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for table in tables {
                for key in table.foreignKeys {
                    let target = (key.referencedSchema ?? table.schema).map { "\($0).\(key.referencedTable)" } ?? key.referencedTable
                    guard let from = placed[Self.name(table)], let to = placed[target] ?? placed[key.referencedTable] else { continue }
                    edges.append(Edge(from: from.name, to: to.name, path: Self.curve(from, to)))
                }
            }
        }

        static func name(_ table: DatabaseSchema.Table) -> String {
            table.schema.map { "\($0).\(table.name)" } ?? table.name
        }

        /// Groups: the schema when there are several; otherwise the table-name prefix (before the
        /// first `_`) shared by two tables or more, and `other` for the rest.
        static func groups(_ tables: [DatabaseSchema.Table]) -> [String: String] {
            let schemas = Set(tables.map { $0.schema ?? "" })
            if schemas.count > 1 { return Dictionary(tables.map { (name($0), $0.schema ?? "main") }, uniquingKeysWith: { first, _ in first }) }
            let prefix = { (table: DatabaseSchema.Table) in String(table.name.split(separator: "_").first ?? Substring(table.name)) }
            var counts: [String: Int] = [:]
            for table in tables { counts[prefix(table), default: 0] += 1 }
            let shared = counts.filter { $0.value > 1 }
            guard shared.count > 1 else { return Dictionary(tables.map { (name($0), schemas.first.map { $0.isEmpty ? "main" : $0 } ?? "main") }, uniquingKeysWith: { a, _ in a }) }
            return Dictionary(tables.map { (name($0), shared[prefix($0)] != nil ? prefix($0) + "_*" : "other") }, uniquingKeysWith: { first, _ in first })
        }

        static func box(_ table: DatabaseSchema.Table, group: String) -> Box {
            let primary = Set(table.primaryKey?.columns ?? [])
            let foreign = Set(table.foreignKeys.flatMap(\.columns))
            let rows = table.columns.prefix(maxRows).map { column in
                var marks: [String] = []
                if primary.contains(column.name) { marks.append("PK") }
                if foreign.contains(column.name) { marks.append("FK") }
                if !column.nullable, !primary.contains(column.name) { marks.append("NN") }
                return Row(name: column.name, type: column.type, marks: marks.joined(separator: " "))
            }
            let hidden = max(0, table.columns.count - maxRows)
            let widest = rows.map { $0.name.count + $0.type.count + $0.marks.count + 4 }.max() ?? 0
            let width = min(320, max(140, max(name(table).count + 2, widest) * 7 + 16))
            let height = headerHeight + rowHeight * (rows.count + (hidden > 0 ? 1 : 0)) + 6
            return Box(name: name(table), group: group, x: 0, y: 0, width: width, height: height, rows: rows, hidden: hidden)
        }

        /// Tables joined by a foreign key, either way.
        static func neighbours(_ tables: [DatabaseSchema.Table]) -> [String: Set<String>] {
            var related: [String: Set<String>] = [:]
            let known = Set(tables.map(name))
            for table in tables {
                for key in table.foreignKeys {
                    let target = (key.referencedSchema ?? table.schema).map { "\($0).\(key.referencedTable)" } ?? key.referencedTable
                    guard known.contains(target), target != name(table) else { continue }
                    related[name(table), default: []].insert(target)
                    related[target, default: []].insert(name(table))
                }
            }
            return related
        }

        /// The most connected table first, then breadth-first through its neighbours, so that related
        /// tables land next to each other; ties by name.
        static func order(_ names: [String], related: [String: Set<String>]) -> [String] {
            let members = Set(names)
            var left = names.sorted { (related[$0]?.count ?? 0, $1) > (related[$1]?.count ?? 0, $0) }
            var seen: Set<String> = []
            var ordered: [String] = []
            while let start = left.first(where: { !seen.contains($0) }) {
                var queue = [start]
                seen.insert(start)
                while !queue.isEmpty {
                    let next = queue.removeFirst()
                    ordered.append(next)
                    for neighbour in (related[next] ?? []).sorted() where members.contains(neighbour) && !seen.contains(neighbour) {
                        seen.insert(neighbour)
                        queue.append(neighbour)
                    }
                }
                left.removeAll { seen.contains($0) }
            }
            return ordered
        }

        /// Boxes in rows of about the square root of their count, positions relative to the group.
        static func shelves(_ boxes: [Box]) -> (width: Int, height: Int, boxes: [Box]) {
            let perRow = max(1, Int(Double(boxes.count).squareRoot().rounded(.up)))
            var placed: [Box] = []
            var x = 0
            var y = 0
            var shelf = 0
            var width = 0
            for (index, var box) in boxes.enumerated() {
                if index > 0, index % perRow == 0 {
                    x = 0
                    y += shelf + gap
                    shelf = 0
                }
                box.x = x
                box.y = y
                placed.append(box)
                x += box.width + gap
                shelf = max(shelf, box.height)
                width = max(width, x - gap)
            }
            return (width, y + shelf, placed)
        }

        /// A curve from the side of `from` facing `to` to the side of `to` facing `from`.
        static func curve(_ from: Box, _ to: Box) -> String {
            if from.name == to.name {
                let x = from.x + from.width
                let y = from.y + headerHeight / 2
                return "M\(x),\(y) C\(x + 40),\(y - 30) \(x + 40),\(y + 40) \(x),\(y + 20)"
            }
            let rightward = to.x + to.width / 2 >= from.x + from.width / 2
            let startX = rightward ? from.x + from.width : from.x
            let endX = rightward ? to.x : to.x + to.width
            let startY = from.y + min(from.height / 2, 40)
            let endY = to.y + min(to.height / 2, 40)
            let bend = max(40, abs(endX - startX) / 2)
            let control1 = rightward ? startX + bend : startX - bend
            let control2 = rightward ? endX - bend : endX + bend
            return "M\(startX),\(startY) C\(control1),\(startY) \(control2),\(endY) \(endX),\(endY)"
        }
    }
}
