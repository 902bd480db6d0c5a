import SQLKit
import SQLiteKit

/// SQLiteKit's dialect, except that identifiers are quoted without searching them for quotes to
/// double: SQLKit escapes every table and column name of every statement with a generic string
/// replace, 19 % of the writer's time at intake. Every identifier GridHub writes is its own constant
/// name; the one place names come from outside — an import archive's tables and columns — checks
/// them against the schema first (``DataTransfer``).
struct SQLiteTrustedDialect: SQLDialect {
    private static let base = SQLiteDialect()
    private static let upsert = base.upsertSyntax
    private static let returning = base.supportsReturning

    /// A double quote, written as is (not an `SQLRaw`, which is what makes SQLKit escape).
    private struct Quote: SQLExpression {
        func serialize(to serializer: inout SQLSerializer) { serializer.write("\"") }
    }

    var name: String { Self.base.name }
    var identifierQuote: any SQLExpression { Quote() }
    var literalStringQuote: any SQLExpression { Self.base.literalStringQuote }
    func bindPlaceholder(at position: Int) -> any SQLExpression { Self.base.bindPlaceholder(at: position) }
    func literalBoolean(_ value: Bool) -> any SQLExpression { Self.base.literalBoolean(value) }
    var literalDefault: any SQLExpression { Self.base.literalDefault }
    var supportsIfExists: Bool { Self.base.supportsIfExists }
    var supportsDropBehavior: Bool { Self.base.supportsDropBehavior }
    var supportsAutoIncrement: Bool { Self.base.supportsAutoIncrement }
    var autoIncrementClause: any SQLExpression { Self.base.autoIncrementClause }
    var enumSyntax: SQLEnumSyntax { Self.base.enumSyntax }
    var triggerSyntax: SQLTriggerSyntax { Self.base.triggerSyntax }
    var alterTableSyntax: SQLAlterTableSyntax { Self.base.alterTableSyntax }
    var upsertSyntax: SQLUpsertSyntax { Self.upsert }
    var supportsReturning: Bool { Self.returning }
    var unionFeatures: SQLUnionFeatures { Self.base.unionFeatures }
    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? { Self.base.customDataType(for: dataType) }
    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        Self.base.nestedSubpathExpression(in: column, for: path)
    }
}
