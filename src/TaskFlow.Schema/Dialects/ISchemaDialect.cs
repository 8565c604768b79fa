using FluentMigrator;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Dialects;

/// <summary>
/// Renders the concepts of the TaskFlow schema for one engine. Column types come back as type
/// text for FluentMigrator's <c>AsCustom</c>; operations FluentMigrator has no expression for come
/// back as SQL statements. An operation the engine cannot express throws
/// <see cref="DialectNotSupportedException"/>; one the schema defines as absent on an engine
/// (a GIN index on MySQL) renders no statement.
/// </summary>
public interface ISchemaDialect
{
    /// <summary>The engine this dialect renders for.</summary>
    DatabaseEngine Engine { get; }

    /// <summary>The engine's display name, used in messages.</summary>
    string DisplayName { get; }

    /// <summary>FluentMigrator's processor id, so that <c>IfDatabase</c> still works in migrations.</summary>
    string ProcessorId { get; }

    /// <summary>Creates the FluentMigrator generator that renders standard expressions.</summary>
    IMigrationGenerator CreateGenerator();

    /// <summary>Quotes an identifier the way the generator does.</summary>
    string Quote(string identifier);

    /// <summary>Quotes a string literal.</summary>
    string Literal(string value);

    /// <summary><c>varchar(n)</c>, in the table's UTF-8 character set (never NVARCHAR).</summary>
    string Varchar(int length);

    /// <summary>Long text; <paramref name="medium"/> asks for MEDIUMTEXT where the engine distinguishes it.</summary>
    string Text(bool medium = false);

    /// <summary>A JSON document: jsonb or JSON.</summary>
    string Json { get; }

    /// <summary>A point in time stored in UTC: timestamptz or TIMESTAMP.</summary>
    string PointInTime { get; }

    /// <summary>A UUID: uuid, or the VARCHAR(36) production MySQL has.</summary>
    string Uuid { get; }

    /// <summary>A boolean: boolean or TINYINT(1).</summary>
    string Boolean { get; }

    /// <summary>A list of strings: text[] or a JSON array.</summary>
    string StringList { get; }

    /// <summary>The column type for an enumeration.</summary>
    string EnumColumnType(EnumType type);

    /// <summary>Default for a point in time: the current time.</summary>
    object NowDefault { get; }

    /// <summary>Default for an auto-updated point in time (MySQL adds ON UPDATE here).</summary>
    object AutoUpdatedNowDefault { get; }

    /// <summary>Default for a date: the current date.</summary>
    object TodayDefault { get; }

    /// <summary>Default for a random UUID key, or null where the engine has none.</summary>
    object? RandomUuidDefault { get; }

    /// <summary>Default for a boolean column.</summary>
    object BooleanDefault(bool value);

    /// <summary>Default for an enumeration column.</summary>
    object EnumDefault(EnumType type, string value);

    /// <summary>Default for a JSON column, given as JSON text.</summary>
    object JsonDefault(string json);

    /// <summary>Statements that create an enumeration type (none on MySQL).</summary>
    IEnumerable<string> CreateEnumType(EnumType type);

    /// <summary>Statements that drop an enumeration type (none on MySQL).</summary>
    IEnumerable<string> DropEnumType(EnumType type);

    /// <summary>
    /// Statements that take <paramref name="from"/> to <paramref name="to"/> (values appended)
    /// on every column in <paramref name="usages"/>.
    /// </summary>
    IEnumerable<string> AddEnumValues(EnumType from, EnumType to, IReadOnlyList<EnumColumn> usages);

    /// <summary>Statements that take an enumeration back to fewer values (the Down of an addition).</summary>
    IEnumerable<string> RemoveEnumValues(EnumType from, EnumType to, IReadOnlyList<EnumColumn> usages);

    /// <summary>The shared function behind auto-updated timestamps (none on MySQL).</summary>
    IEnumerable<string> CreateUpdatedAtFunction();

    /// <summary>Drops the shared function behind auto-updated timestamps.</summary>
    IEnumerable<string> DropUpdatedAtFunction();

    /// <summary>Makes <c>updated_at</c> of <paramref name="table"/> move on every update (none on MySQL: the column does it).</summary>
    IEnumerable<string> AddUpdatedAtTrigger(string table);

    /// <summary>Removes what <see cref="AddUpdatedAtTrigger"/> added.</summary>
    IEnumerable<string> DropUpdatedAtTrigger(string table);

    /// <summary>An index for containment queries on JSON or array columns (GIN; not applicable on MySQL).</summary>
    IEnumerable<string> CreateJsonIndex(string name, string table, params string[] columns);

    /// <summary>Drops what <see cref="CreateJsonIndex"/> created.</summary>
    IEnumerable<string> DropJsonIndex(string name, string table);

    /// <summary>A unique index over the rows where a boolean column is true.</summary>
    IEnumerable<string> CreatePartialUniqueIndex(PartialUniqueIndex index);

    /// <summary>Drops what <see cref="CreatePartialUniqueIndex"/> created.</summary>
    IEnumerable<string> DropPartialUniqueIndex(PartialUniqueIndex index);

    /// <summary>
    /// A nullable embedding vector column with an approximate-nearest-neighbour index, created only
    /// where the engine has the pgvector extension available; elsewhere a warning and nothing else.
    /// </summary>
    IEnumerable<string> AddVectorColumn(string table, string column, int dimensions, string indexName, int lists);

    /// <summary>Removes what <see cref="AddVectorColumn"/> added, if it was added.</summary>
    IEnumerable<string> DropVectorColumn(string table, string column, string indexName);

    /// <summary>A named CHECK constraint.</summary>
    IEnumerable<string> AddCheckConstraint(string table, string name, string condition);

    /// <summary>A view over a SELECT written in the SQL both engines share.</summary>
    IEnumerable<string> CreateView(string name, string select);

    /// <summary>Drops a view.</summary>
    IEnumerable<string> DropView(string name);

    /// <summary>
    /// The Up statements <paramref name="up"/> as earlier versions of this dialect spelled them, where the spelling
    /// changed without changing what the migration does to a database it was applied to.
    /// </summary>
    IEnumerable<IReadOnlyList<string>> EarlierRenderings(IReadOnlyList<string> up);

    /// <summary>
    /// Statements that make <paramref name="columns"/> compare under <paramref name="collation"/> (equality, unique keys,
    /// ordering), recreating <paramref name="views"/> that read them where the engine requires it. None on MySQL,
    /// whose columns follow the database's collation.
    /// </summary>
    IEnumerable<string> UseTextCollation(TextCollation collation, IReadOnlyList<TextColumn> columns, IReadOnlyList<(string Name, string Select)> views);

    /// <summary>The Down of <see cref="UseTextCollation"/>: the columns compare as the database's default again.</summary>
    IEnumerable<string> DropTextCollation(TextCollation collation, IReadOnlyList<TextColumn> columns, IReadOnlyList<(string Name, string Select)> views);
}
