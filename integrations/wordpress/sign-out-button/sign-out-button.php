<?php
/**
 * Plugin Name:       Sign-out button (OpenID Connect)
 * Description:       A [sign_out_button] shortcode that signs people out of the site and of the OpenID provider, and a [sign_out_return] shortcode for the provider's return page. Site-wide values under Settings → Sign-out button.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       sign-out-button
 */

defined( 'ABSPATH' ) || exit;

const SIGN_OUT_BUTTON_OPTION = 'sign_out_button';
/** Who may put a button in content: the shortcode renders, and KSES keeps the tag, for them only. */
const SIGN_OUT_BUTTON_CAP = 'use_sign_out_button';
const SIGN_OUT_BUTTON_MODES = array( 'redirect', 'iframe', 'popup', 'local' );

/** The element's attributes, as its contract names them; the booleans are present or absent. */
function sign_out_button_attributes() {
	return array(
		'authority', 'client-id', 'end-session-endpoint', 'post-logout-redirect-uri', 'id-token-hint',
		'user-store', 'logout-hint', 'ui-locales', 'extra-params', 'state', 'mode', 'method', 'after-url',
		'allowed-origins', 'clear-storage', 'keep-storage', 'revoke-tokens', 'timeout', 'fallback',
		'no-broadcast', 'clear-site-data-url', 'idle-timeout', 'idle-warning', 'watch-session', 'disabled',
	);
}

function sign_out_button_boolean_attributes() {
	return array( 'revoke-tokens', 'no-broadcast', 'watch-session', 'disabled' );
}

/** The site-wide values of the settings page, each of them blank unless set. */
function sign_out_button_settings() {
	$defaults = array(
		'authority'                => '',
		'client_id'                => '',
		'mode'                     => 'redirect',
		'after_url'                => '',
		'post_logout_redirect_uri' => '',
	);
	$saved = get_option( SIGN_OUT_BUTTON_OPTION, array() );
	return array_merge( $defaults, is_array( $saved ) ? $saved : array() );
}

/** The SRI values of the shipped files, written by the zip's build (assets/integrity.json). */
function sign_out_button_integrity( $file ) {
	static $values = null;
	if ( null === $values ) {
		$json   = @file_get_contents( __DIR__ . '/assets/integrity.json' );
		$values = $json ? json_decode( $json, true ) : array();
	}
	return isset( $values[ $file ] ) ? $values[ $file ] : null;
}

function sign_out_button_register_scripts() {
	$base = plugins_url( 'assets/', __FILE__ );
	// No `ver` query: the return page's module imports this very URL, which must name one module.
	wp_register_script( 'sign-out-button', $base . 'cdn/sign-out-button.js', array(), null, true );
	wp_register_script( 'sign-out-button-return', $base . 'sign-out-return.js', array( 'sign-out-button' ), null, true );
}
add_action( 'wp_enqueue_scripts', 'sign_out_button_register_scripts' );

/** Module scripts with their integrity: WordPress 6.1 has no module API, its script tag is replaced. */
function sign_out_button_script_tag( $tag, $handle, $src ) {
	$files = array(
		'sign-out-button'        => 'cdn/sign-out-button.js',
		'sign-out-button-return' => 'sign-out-return.js',
	);
	if ( ! isset( $files[ $handle ] ) ) {
		return $tag;
	}
	$integrity = sign_out_button_integrity( $files[ $handle ] );
	return sprintf(
		'<script type="module" src="%s"%s crossorigin="anonymous" id="%s-js"></script>' . "\n",
		esc_url( $src ),
		$integrity ? ' integrity="' . esc_attr( $integrity ) . '"' : '',
		esc_attr( $handle )
	);
}
add_filter( 'script_loader_tag', 'sign_out_button_script_tag', 10, 3 );

/** Whether the content being rendered was written by someone allowed to place the button. */
function sign_out_button_author_allowed() {
	$post = get_post();
	return ! $post || ! $post->post_author || user_can( (int) $post->post_author, SIGN_OUT_BUTTON_CAP );
}

/**
 * [sign_out_button mode="iframe" after-url="/goodbye"]Log out[/sign_out_button]: every attribute
 * of the element (hyphens or underscores), the site-wide values where none is given.
 */
function sign_out_button_shortcode( $atts, $content = '' ) {
	if ( ! sign_out_button_author_allowed() ) {
		return '';
	}
	$settings = sign_out_button_settings();
	$values   = array(
		'authority'                => $settings['authority'],
		'client-id'                => $settings['client_id'],
		'mode'                     => $settings['mode'],
		'after-url'                => $settings['after_url'],
		'post-logout-redirect-uri' => $settings['post_logout_redirect_uri'],
	);
	$known    = sign_out_button_attributes();
	$booleans = sign_out_button_boolean_attributes();
	foreach ( (array) $atts as $key => $value ) {
		if ( is_int( $key ) ) {
			// A bare word, as in [sign_out_button revoke-tokens].
			$name = str_replace( '_', '-', strtolower( trim( $value ) ) );
			if ( in_array( $name, $booleans, true ) ) {
				$values[ $name ] = true;
			}
			continue;
		}
		$name = str_replace( '_', '-', strtolower( $key ) );
		if ( ! in_array( $name, $known, true ) ) {
			continue;
		}
		if ( in_array( $name, $booleans, true ) ) {
			$values[ $name ] = ! in_array( strtolower( trim( $value ) ), array( 'false', '0', 'no', 'off' ), true );
		} else {
			$values[ $name ] = $value;
		}
	}
	$html = '';
	foreach ( $values as $name => $value ) {
		if ( true === $value ) {
			$html .= ' ' . $name;
		} elseif ( false !== $value && '' !== trim( (string) $value ) ) {
			$html .= sprintf( ' %s="%s"', $name, esc_attr( $value ) );
		}
	}
	// The label is text: wpautop's <br /> and <p> from the editor never reach the button.
	$label = trim( preg_replace( '/\s+/', ' ', wp_strip_all_tags( (string) $content ) ) );
	wp_enqueue_script( 'sign-out-button' );
	return '<sign-out-button' . $html . '>' . esc_html( $label ) . '</sign-out-button>';
}
add_shortcode( 'sign_out_button', 'sign_out_button_shortcode' );

/** [sign_out_return]: the provider's return page (post_logout_redirect_uri), no inline script. */
function sign_out_button_return_shortcode( $atts ) {
	$atts = shortcode_atts( array( 'allowed-origins' => '', 'allowed_origins' => '' ), $atts, 'sign_out_return' );
	$origins = trim( $atts['allowed-origins'] . ' ' . $atts['allowed_origins'] );
	wp_enqueue_script( 'sign-out-button-return' );
	return sprintf(
		'<p class="sign-out-return" data-sign-out-return%s role="status">%s</p>',
		'' !== $origins ? ' data-allowed-origins="' . esc_attr( $origins ) . '"' : '',
		esc_html__( 'Signing you out…', 'sign-out-button' )
	);
}
add_shortcode( 'sign_out_return', 'sign_out_button_return_shortcode' );

/** Content with the tag itself (not the shortcode) loads the element too. */
function sign_out_button_content_has_tag( $content ) {
	if ( false !== stripos( $content, '<sign-out-button' ) ) {
		wp_enqueue_script( 'sign-out-button' );
	}
	return $content;
}
add_filter( 'the_content', 'sign_out_button_content_has_tag', 20 );

/** KSES keeps <sign-out-button> and its attributes for the roles that may use the button. */
function sign_out_button_kses( $tags, $context ) {
	if ( 'post' !== $context || ! current_user_can( SIGN_OUT_BUTTON_CAP ) ) {
		return $tags;
	}
	$attributes = array_fill_keys( sign_out_button_attributes(), true );
	foreach ( array( 'class', 'id', 'title', 'lang', 'dir', 'style', 'hidden', 'data-*' ) as $global ) {
		$attributes[ $global ] = true;
	}
	$tags['sign-out-button'] = $attributes;
	return $tags;
}
add_filter( 'wp_kses_allowed_html', 'sign_out_button_kses', 10, 2 );

/** The roles that write content: those the settings page offers. */
function sign_out_button_writing_roles() {
	$roles = array();
	foreach ( wp_roles()->roles as $slug => $role ) {
		if ( ! empty( $role['capabilities']['edit_posts'] ) ) {
			$roles[ $slug ] = translate_user_role( $role['name'] );
		}
	}
	return $roles;
}

/** On activation every role that writes content may place the button; the settings page narrows it. */
function sign_out_button_activate() {
	foreach ( array_keys( sign_out_button_writing_roles() ) as $slug ) {
		get_role( $slug )->add_cap( SIGN_OUT_BUTTON_CAP );
	}
}
register_activation_hook( __FILE__, 'sign_out_button_activate' );

function sign_out_button_deactivate() {
	foreach ( wp_roles()->role_objects as $role ) {
		$role->remove_cap( SIGN_OUT_BUTTON_CAP );
	}
}
register_deactivation_hook( __FILE__, 'sign_out_button_deactivate' );

function sign_out_button_sanitize( $input ) {
	$input = is_array( $input ) ? $input : array();
	$mode  = isset( $input['mode'] ) ? sanitize_key( $input['mode'] ) : 'redirect';
	$clean = array(
		'authority'                => esc_url_raw( trim( $input['authority'] ?? '' ), array( 'https', 'http' ) ),
		'client_id'                => sanitize_text_field( $input['client_id'] ?? '' ),
		'mode'                     => in_array( $mode, SIGN_OUT_BUTTON_MODES, true ) ? $mode : 'redirect',
		'after_url'                => esc_url_raw( trim( $input['after_url'] ?? '' ), array( 'https', 'http' ) ),
		'post_logout_redirect_uri' => esc_url_raw( trim( $input['post_logout_redirect_uri'] ?? '' ), array( 'https', 'http' ) ),
	);
	// The roles are kept as the capability itself, not in the option; only a submitted form changes
	// them (WordPress runs this twice when the option is first added, the second time on $clean).
	if ( empty( $input['roles_shown'] ) ) {
		return $clean;
	}
	$chosen = isset( $input['roles'] ) && is_array( $input['roles'] ) ? array_map( 'sanitize_key', $input['roles'] ) : array();
	foreach ( array_keys( sign_out_button_writing_roles() ) as $slug ) {
		$role = get_role( $slug );
		if ( in_array( $slug, $chosen, true ) ) {
			$role->add_cap( SIGN_OUT_BUTTON_CAP );
		} else {
			$role->remove_cap( SIGN_OUT_BUTTON_CAP );
		}
	}
	return $clean;
}

function sign_out_button_admin_init() {
	register_setting( 'sign_out_button', SIGN_OUT_BUTTON_OPTION, array( 'sanitize_callback' => 'sign_out_button_sanitize' ) );
}
add_action( 'admin_init', 'sign_out_button_admin_init' );

function sign_out_button_admin_menu() {
	add_options_page( __( 'Sign-out button', 'sign-out-button' ), __( 'Sign-out button', 'sign-out-button' ), 'manage_options', 'sign-out-button', 'sign_out_button_settings_page' );
}
add_action( 'admin_menu', 'sign_out_button_admin_menu' );

function sign_out_button_settings_page() {
	$settings = sign_out_button_settings();
	$name     = SIGN_OUT_BUTTON_OPTION;
	$field    = function ( $key, $label, $type, $help ) use ( $settings, $name ) {
		printf(
			'<tr><th scope="row"><label for="sob-%1$s">%2$s</label></th><td><input type="%3$s" class="regular-text" id="sob-%1$s" name="%4$s[%1$s]" value="%5$s"><p class="description">%6$s</p></td></tr>',
			esc_attr( $key ), esc_html( $label ), esc_attr( $type ), esc_attr( $name ), esc_attr( $settings[ $key ] ), esc_html( $help )
		);
	};
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Sign-out button', 'sign-out-button' ); ?></h1>
		<p><?php esc_html_e( 'The values every [sign_out_button] on the site uses unless its own attributes say otherwise. The return page is a page with the [sign_out_return] shortcode, registered at the provider as a post-logout redirect URI.', 'sign-out-button' ); ?></p>
		<form method="post" action="options.php">
			<?php settings_fields( 'sign_out_button' ); ?>
			<table class="form-table" role="presentation">
				<?php
				$field( 'authority', __( 'Authority (issuer URL)', 'sign-out-button' ), 'url', __( 'The OpenID provider, e.g. https://login.example.com', 'sign-out-button' ) );
				$field( 'client_id', __( 'Client ID', 'sign-out-button' ), 'text', __( 'The site\'s client at the provider.', 'sign-out-button' ) );
				?>
				<tr><th scope="row"><label for="sob-mode"><?php esc_html_e( 'Mode', 'sign-out-button' ); ?></label></th><td>
					<select id="sob-mode" name="<?php echo esc_attr( $name ); ?>[mode]">
						<?php foreach ( SIGN_OUT_BUTTON_MODES as $mode ) : ?>
							<option value="<?php echo esc_attr( $mode ); ?>" <?php selected( $settings['mode'], $mode ); ?>><?php echo esc_html( $mode ); ?></option>
						<?php endforeach; ?>
					</select>
					<p class="description"><?php esc_html_e( 'redirect: through the provider and back; iframe: a hidden frame (provider and site on the same site); popup; local: this site only.', 'sign-out-button' ); ?></p>
				</td></tr>
				<?php
				$field( 'post_logout_redirect_uri', __( 'Return page', 'sign-out-button' ), 'url', __( 'The URL of the page with [sign_out_return].', 'sign-out-button' ) );
				$field( 'after_url', __( 'After sign-out, go to', 'sign-out-button' ), 'url', __( 'Where people land once signed out.', 'sign-out-button' ) );
				?>
				<tr><th scope="row"><?php esc_html_e( 'Who may place a button', 'sign-out-button' ); ?></th><td><fieldset>
					<input type="hidden" name="<?php echo esc_attr( $name ); ?>[roles_shown]" value="1">
					<?php foreach ( sign_out_button_writing_roles() as $slug => $label ) : ?>
						<label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[roles][]" value="<?php echo esc_attr( $slug ); ?>" <?php checked( get_role( $slug )->has_cap( SIGN_OUT_BUTTON_CAP ) ); ?>> <?php echo esc_html( $label ); ?></label><br>
					<?php endforeach; ?>
					<p class="description"><?php esc_html_e( 'Their [sign_out_button] renders, and the <sign-out-button> tag survives in what they write; others\' renders nothing.', 'sign-out-button' ); ?></p>
				</fieldset></td></tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
