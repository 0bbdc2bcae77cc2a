/// The API server's rules for object names and labels, with its messages.
///
/// Upstream: kubernetes/apimachinery `pkg/util/validation/validation.go`
/// (`IsDNS1123Subdomain`, `MaxLenError`, `RegexError`) and
/// `pkg/api/validate/content/kube.go` (`IsLabelKey`, `IsLabelValue`, whose
/// `MaxLenError` says "bytes"). An object's `metadata.name` is checked by
/// `NameIsDNSSubdomain` (apimachinery `pkg/api/validation/generic.go`), so Deployments,
/// Rollouts, Services and AnalysisTemplates share one rule.
///
/// Each function returns the API server's messages (empty when the value is valid);
/// callers prefix them with `FIELD: Invalid value: "VALUE": `.
public enum KubernetesNames {
  /// `DNS1123SubdomainMaxLength`.
  public static let maxNameLength = 253
  /// `LabelValueMaxLength` (and the name part of a label key).
  public static let maxLabelLength = 63

  static let subdomainRegex = #"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"#
  static let labelValueRegex = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
  static let labelKeyRegex = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"

  /// `IsDNS1123Subdomain`: at most 253 characters, dot-separated lowercase
  /// alphanumeric labels with inner dashes.
  public static func dns1123SubdomainErrors(_ value: String) -> [String] {
    var errs: [String] = []
    let bytes = Array(value.utf8)
    if bytes.count > maxNameLength { errs.append("must be no more than \(maxNameLength) characters") }
    if !isSubdomain(bytes) {
      errs.append(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
          + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '\(subdomainRegex)')")
    }
    return errs
  }

  /// `IsLabelValue`: empty, or at most 63 bytes of alphanumerics, `-`, `_`, `.`
  /// starting and ending with an alphanumeric.
  public static func labelValueErrors(_ value: String) -> [String] {
    var errs: [String] = []
    let bytes = Array(value.utf8)
    if bytes.count > maxLabelLength { errs.append("must be no more than \(maxLabelLength) bytes") }
    if !bytes.isEmpty && !isLabelName(bytes) {
      errs.append(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
          + "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '\(labelValueRegex)')")
    }
    return errs
  }

  /// `IsLabelKey`: an optional DNS-1123 subdomain prefix and `/`, then a name part of
  /// at most 63 bytes.
  public static func labelKeyErrors(_ value: String) -> [String] {
    let nameRule =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
      + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '\(labelKeyRegex)')"
    let parts = value.split(separator: "/", omittingEmptySubsequences: false)
    var errs: [String] = []
    let name: Substring
    switch parts.count {
    case 1: name = parts[0]
    case 2:
      name = parts[1]
      if parts[0].isEmpty {
        errs.append("prefix part must be non-empty")
      } else {
        errs += dns1123SubdomainErrors(String(parts[0])).map { "prefix part " + $0 }
      }
    default:
      return ["a valid label key name part \(nameRule) with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    }
    let bytes = Array(name.utf8)
    if bytes.isEmpty {
      errs.append("name part must be non-empty")
    } else if bytes.count > maxLabelLength {
      errs.append("name part must be no more than \(maxLabelLength) bytes")
    }
    if !isLabelName(bytes) { errs.append("name part \(nameRule)") }
    return errs
  }

  // MARK: - Matchers (the regexes above, without a regex engine)

  private static func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
  private static func isAlnum(_ b: UInt8) -> Bool { isLowerAlnum(b) || (b >= 0x41 && b <= 0x5A) }

  private static func isSubdomain(_ bytes: [UInt8]) -> Bool {
    guard !bytes.isEmpty else { return false }
    for label in bytes.split(separator: 0x2E, omittingEmptySubsequences: false) {
      guard let f = label.first, let l = label.last, isLowerAlnum(f), isLowerAlnum(l) else { return false }
      guard label.allSatisfy({ isLowerAlnum($0) || $0 == 0x2D }) else { return false }
    }
    return true
  }

  private static func isLabelName(_ bytes: [UInt8]) -> Bool {
    guard let f = bytes.first, let l = bytes.last, isAlnum(f), isAlnum(l) else { return false }
    return bytes.allSatisfy { isAlnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
  }
}
