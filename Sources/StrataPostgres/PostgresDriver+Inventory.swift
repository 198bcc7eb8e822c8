import Logging
package import StrataCore

extension PostgresDriver: SchemaInventorying {
    /// What the catalogs hold that the schema model does not: domains, composite and range types,
    /// aggregates, row-level security, rules, partitioned, inherited and foreign tables, event
    /// triggers, collations, operators, deferrable constraints, and comments on objects that
    /// carry none in the model. Extension members are left out.
    package func undiffedObjects(on connection: any DatabaseConnection, names: HistoryNames) async throws -> [UndiffedObject] {
        let user = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
        func notExtension(_ catalog: String, _ oid: String) -> String {
            "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '\(catalog)'::regclass AND d.objid = \(oid) AND d.deptype = 'e')"
        }
        let query = """
            SELECT 'domain' AS kind, n.nspname || '.' || t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE t.typtype = 'd' AND \(user) AND \(notExtension("pg_type", "t.oid"))
            UNION ALL SELECT 'composite type', n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              JOIN pg_class c ON c.oid = t.typrelid WHERE t.typtype = 'c' AND c.relkind = 'c' AND \(user) AND \(notExtension("pg_type", "t.oid"))
            UNION ALL SELECT 'range type', n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE t.typtype = 'r' AND \(user) AND \(notExtension("pg_type", "t.oid"))
            UNION ALL SELECT 'aggregate', n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE p.prokind IN ('a', 'w') AND \(user) AND \(notExtension("pg_proc", "p.oid"))
            UNION ALL SELECT 'policy', n.nspname || '.' || c.relname || '.' || p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE \(user)
            UNION ALL SELECT 'row level security', n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relrowsecurity AND \(user)
            UNION ALL SELECT 'rule', n.nspname || '.' || c.relname || '.' || r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND \(user)
            UNION ALL SELECT 'partitioned table', n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind = 'p' AND \(user) AND \(notExtension("pg_class", "c.oid"))
            UNION ALL SELECT 'inherited table', n.nspname || '.' || c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT c.relispartition AND \(user)
            UNION ALL SELECT 'foreign table', n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind = 'f' AND \(user) AND \(notExtension("pg_class", "c.oid"))
            UNION ALL SELECT 'event trigger', e.evtname FROM pg_event_trigger e WHERE \(notExtension("pg_event_trigger", "e.oid"))
            UNION ALL SELECT 'collation', n.nspname || '.' || c.collname FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
              WHERE \(user) AND \(notExtension("pg_collation", "c.oid"))
            UNION ALL SELECT 'operator', n.nspname || '.' || o.oprname FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
              WHERE \(user) AND \(notExtension("pg_operator", "o.oid"))
            UNION ALL SELECT 'deferrable constraint', n.nspname || '.' || c.relname || '.' || k.conname FROM pg_constraint k
              JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.condeferrable AND \(user)
            UNION ALL SELECT 'comment on constraint', k.conname FROM pg_description d JOIN pg_constraint k ON k.oid = d.objoid
              WHERE d.classoid = 'pg_constraint'::regclass
            UNION ALL SELECT 'comment on trigger', t.tgname FROM pg_description d JOIN pg_trigger t ON t.oid = d.objoid
              WHERE d.classoid = 'pg_trigger'::regclass
            UNION ALL SELECT 'comment on schema', n.nspname FROM pg_description d JOIN pg_namespace n ON n.oid = d.objoid
              WHERE d.classoid = 'pg_namespace'::regclass AND n.nspname <> 'public' AND \(user)
            UNION ALL SELECT 'comment on sequence', n.nspname || '.' || c.relname FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE d.classoid = 'pg_class'::regclass AND c.relkind = 'S' AND \(user)
            ORDER BY 1, 2
            """
        return try await connection.query(query).map { row in
            let kind = row["kind"].string ?? ""
            let name = row["name"].string ?? ""
            return UndiffedObject(kind: kind, name: name, tables: kind.hasSuffix(" table") ? [name] : [])
        }
    }
}
