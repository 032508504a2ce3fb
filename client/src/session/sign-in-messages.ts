/**
 * The sign-in screen's words, in a module of their own: the first visit paints the form before
 * i18next and the app's dictionaries load (sign-in-form.ts), and the dictionaries take them
 * from here, so the words exist once.
 */
export const signInVi = {
  app: { name: 'Thông Suốt', tagline: 'Điều hành thông suốt — cả khi không có mạng', loading: 'Đang mở…' },
  signIn: {
    title: 'Đăng nhập',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    busy: 'Đang đăng nhập…',
    invalid: 'Sai tên đăng nhập hoặc mật khẩu.',
    empty: 'Hãy nhập tên đăng nhập và mật khẩu.',
    tooMany: 'Đã thử đăng nhập quá nhiều lần. Hãy đợi một phút rồi thử lại.',
    network: 'Không kết nối được máy chủ. Lần đăng nhập đầu tiên cần có mạng.',
    server: 'Máy chủ đang tạm thời gặp sự cố nên chưa đăng nhập được. Hãy thử lại sau ít phút.',
    expired: 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại — các thay đổi chưa gửi vẫn được giữ trên máy.',
  },
};

export type SignInMessages = typeof signInVi;

export const signInEn: SignInMessages = {
  app: { name: 'Thông Suốt', tagline: 'Seamless direction — even offline', loading: 'Opening…' },
  signIn: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    invalid: 'Wrong username or password.',
    empty: 'Enter your username and password.',
    tooMany: 'Too many sign-in attempts. Wait a minute and try again.',
    network: 'Cannot reach the server. The first sign-in needs a connection.',
    server: 'The server has a temporary problem, so you could not be signed in. Try again in a few minutes.',
    expired: 'Your session has expired. Sign in again — unsent changes are kept on this device.',
  },
};
