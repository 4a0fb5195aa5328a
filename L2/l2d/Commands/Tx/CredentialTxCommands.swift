import ArgumentParser
import Common
import L2Node
import L2Runtime

extension TxCommand {
    /// `l2d tx issue-credential <from> <subject> --type <type> --claim <hash>`.
    struct IssueCredential: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-credential",
            abstract:
                "Anchor a credential about a subject (only the claim's hash is on chain); prints its id. It counts in the subject's rules once the subject accepts it."
        )
        @OptionGroup var tx: TxOptions
        @Argument(help: "The subject's strata1... address.") var subject: String
        @Option(help: "The credential's type (1 to 64 bytes), e.g. dataset-access.") var type: String
        @Option(help: "The hash of the claim document.") var claim = Hash.zero.description
        @Option(name: .customLong("valid-from-ms"), help: "Valid from, in ms since the Unix epoch (default: now).")
        var validFrom: UInt64?
        @Option(
            name: .customLong("valid-until-ms"),
            help: "Valid until (exclusive), in ms since the Unix epoch (default: a year after --valid-from-ms).")
        var validUntil: UInt64?

        func payload() throws -> TxPayload {
            guard !type.isEmpty, type.utf8.count <= Credential.maxTypeBytes else {
                throw ValidationError("--type must have 1 to \(Credential.maxTypeBytes) bytes")
            }
            let from = validFrom ?? Sequencer.wallClockMillis()
            let (aYearLater, overflow) = from.addingReportingOverflow(365 * 86_400_000)
            let until = validUntil ?? (overflow ? .max : aYearLater)
            guard from < until else {
                throw ValidationError("--valid-until-ms \(until) must be after --valid-from-ms \(from)")
            }
            return TxPayload(
                .issueCredential,
                IssueCredentialPayload(
                    subject: try TxArgument.address(subject, "<subject>"), type: type,
                    claimHash: try TxArgument.hash(claim, "--claim"), validFromMillis: from, validUntilMillis: until),
                creates: .record(field: "credential_id", tag: RecordID.credential))
        }
    }

    /// `l2d tx revoke-credential <from> <credential>`.
    struct RevokeCredential: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-credential", abstract: "Revoke a credential you issued (final).")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The credential's id.") var credential: String

        func payload() throws -> TxPayload {
            TxPayload(
                .revokeCredential, CredentialPayload(credential: try TxArgument.hash(credential, "<credential>")))
        }
    }

    /// `l2d tx accept-credential <from> <credential>`.
    struct AcceptCredential: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept-credential",
            abstract: "Accept a credential issued to you, so that zone rules and consents see it.")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The credential's id.") var credential: String

        func payload() throws -> TxPayload {
            TxPayload(
                .acceptCredential, CredentialPayload(credential: try TxArgument.hash(credential, "<credential>")))
        }
    }

    /// `l2d tx dismiss-credential <from> <credential>`.
    struct DismissCredential: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "dismiss-credential",
            abstract: "Dismiss a credential you hold: rules no longer see it (the issuer's record stays).")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The credential's id.") var credential: String

        func payload() throws -> TxPayload {
            TxPayload(
                .dismissCredential, CredentialPayload(credential: try TxArgument.hash(credential, "<credential>")))
        }
    }
}
