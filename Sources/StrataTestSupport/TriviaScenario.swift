import Foundation
import Strata

/// The trivia example (`Examples/trivia`) on a real database: it applies, its constraints hold,
/// and it rolls back cleanly.
package enum TriviaScenario {
    /// `Examples/trivia/migrations` of this package.
    package static func migrationsDirectory() -> String {
        PackageFiles.path("Examples/trivia/migrations")
    }

    static let tables: Set<String> = ["users", "questions", "user_achievements", "weekly_rankings", "game_sessions", "user_preferences"]

    package static func run(on database: TestDatabase) async throws {
        let migrator = Migrator(
            driver: database.driver, migrations: try MigrationSource.directory(migrationsDirectory()).load(),
            logger: TestDatabase.logger)
        let applied = try await migrator.migrate()
        try expectEqual(applied.steps.map(\.migration), ["20240101000000_create_trivia_schema", "20240215000000_add_timezone_and_preferences"])
        try expectEqual(try await database.tables().subtracting(ConformanceSuite.strataTables), tables)
        try expect(try await database.columns(of: "users").isSuperset(of: ["points", "current_streak", "best_streak", "timezone"]), "users columns")

        let connection = try await database.driver.connect(mode: .readWrite, logger: TestDatabase.logger)
        do {
            if database.dialect == .sqlite { try await connection.execute("PRAGMA foreign_keys = ON") }
            try await connection.execute("INSERT INTO users (id, username) VALUES (1, 'ada')")
            try expectEqual(try await connection.query("SELECT timezone FROM users WHERE id = 1").first?["timezone"].string, "UTC")
            try await connection.execute(
                "INSERT INTO questions (id, question_type, difficulty, category, prompt, correct_answer) VALUES (1, 'true_false', 'easy', 'science', 'Water boils at 100 °C at sea level', 'true')")
            try await rejects(connection, "INSERT INTO questions (id, question_type, difficulty, category, prompt, correct_answer) VALUES (2, 'essay', 'easy', 'x', 'y', 'z')", "question_type CHECK")
            try await rejects(
                connection, "INSERT INTO questions (id, question_type, difficulty, category, prompt, correct_answer) VALUES (3, 'true_false', 'impossible', 'x', 'y', 'z')", "difficulty CHECK")
            try await rejects(
                connection, "INSERT INTO questions (id, question_type, difficulty, category, prompt, correct_answer) VALUES (4, 'multiple_choice', 'easy', 'x', 'y', 'z')",
                "choices required for multiple_choice")
            try await connection.execute("INSERT INTO user_achievements (id, user_id, achievement) VALUES (1, 1, 'first_win')")
            try await rejects(connection, "INSERT INTO user_achievements (id, user_id, achievement) VALUES (2, 1, 'first_win')", "achievement unique per user")
            try await connection.execute("INSERT INTO weekly_rankings (id, user_id, week_start, points) VALUES (1, 1, '2024-01-01', 10)")
            try await rejects(connection, "INSERT INTO weekly_rankings (id, user_id, week_start, points) VALUES (2, 1, '2024-01-01', 5)", "ranking unique per user and week")
            try await rejects(connection, "UPDATE users SET points = -1 WHERE id = 1", "points never negative")
            try await rejects(connection, "INSERT INTO game_sessions (id, user_id) VALUES (1, 999)", "session needs a user")
            try await connection.execute("INSERT INTO game_sessions (id, user_id, question_id) VALUES (1, 1, 1)")
            try await connection.execute("DELETE FROM questions WHERE id = 1")
            try expect(try await connection.query("SELECT question_id FROM game_sessions WHERE id = 1").first?["question_id"] == .null, "ON DELETE SET NULL")
            try await connection.execute("DELETE FROM users WHERE id = 1")
            try expectEqual(try await connection.query("SELECT count(*) AS n FROM game_sessions").first?["n"].integer, 0, "ON DELETE CASCADE")
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }

        let undone = try await migrator.rollback(RollbackOptions(target: MigrationVersion("0")))
        try expectEqual(undone.steps.count, 2)
        try expectEqual(try await database.tables().subtracting(ConformanceSuite.strataTables), [])
        try expectEqual(try await migrator.migrate().steps.count, 2, "applies again after a full rollback")
    }

    private static func rejects(_ connection: any DatabaseConnection, _ sql: String, _ rule: String) async throws {
        do {
            try await connection.execute(sql)
        } catch let error as StrataError where error.code == .sql {
            return
        }
        throw ConformanceFailure(message: "\(rule): the database accepted \(sql)", file: #fileID, line: #line)
    }
}
